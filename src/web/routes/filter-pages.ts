/**
 * `/filters` and `/filters/{id}` with their no-script forms (create, change, e-mail, new feed
 * addresses, delete), and each filter's Atom and JSON feeds. A refused form comes back with
 * what was typed and why; a private filter's feeds answer only with its token.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { dailyAtom } from '../../feeds/atom.ts';
import { JSON_FEED_TYPE, jsonFeed } from '../../feeds/json-feed.ts';
import {
  categoryList,
  createFilter,
  describeFilter,
  editFilter,
  feedFilter,
  type Filter,
  type FilterEmail,
  filterEmail,
  type FilterFields,
  filterPapers,
  filtersOf,
  readableFilter,
  removeFilter,
  replaceFeedToken,
  setFilterEmail,
} from '../../filters/index.ts';
import { Refusal } from '../../social/errors.ts';
import { formGuard, requireViewer } from '../auth.ts';
import { forMember, memberVotes } from '../card-context.ts';
import type { WebContext } from '../context.ts';
import { densityOf } from '../density.ts';
import { htmlResponse, sendHtml } from '../html.ts';
import { filterFeedUrls } from '../filter-view.ts';
import { EMPTY_FORM, type FilterFormValues, FilterPage, FiltersPage, type FilterSummary } from '../pages/filter-pages.tsx';
import { intParam, type Query, single } from '../params.ts';
import { PER_PAGE, pageHref, paging } from '../views/pager.tsx';

const FEED_ENTRIES = 50;
const MAX_PAGES = 1000;

type Form = Record<string, string | string[] | undefined>;

function formValues(request: FastifyRequest): FilterFormValues {
  const body = (request.body ?? {}) as Form;
  const text = (name: string) => {
    const value = body[name];
    return typeof value === 'string' ? value : '';
  };
  return {
    name: text('name'),
    query: text('query'),
    categories: text('categories'),
    hasCode: text('hasCode'),
    minUpvotes: text('minUpvotes') || '0',
    scope: text('scope') || 'feed',
    public: text('public') === 'true',
    email: text('email'),
  };
}

/** The form's text as the filter's fields; the capability checks and words every refusal. */
function fieldsOf(form: FilterFormValues): FilterFields {
  return {
    name: form.name,
    query: form.query,
    categories: form.categories,
    hasCode: form.hasCode === 'true' ? true : form.hasCode === 'false' ? false : null,
    minUpvotes: form.minUpvotes,
    scope: form.scope,
    public: form.public,
  };
}

const emailChoice = (text: string): FilterEmail => (text === 'daily' || text === 'weekly' ? text : null);

function valuesOf(filter: Filter, email: FilterEmail): FilterFormValues {
  const { spec } = filter;
  return {
    name: filter.name,
    query: spec.query,
    categories: categoryList(spec).join(' '),
    hasCode: spec.hasCode === null ? '' : String(spec.hasCode),
    minUpvotes: String(spec.minUpvotes),
    scope: spec.scope,
    public: filter.public,
    email: email ?? '',
  };
}

/** A filter id from a path; anything else names no filter. */
function filterIdOf(text: string): number {
  const id = Number(text);
  if (!/^[0-9]{1,15}$/.test(text) || !Number.isSafeInteger(id)) throw new Refusal('not-found', `No filter ${text}`);
  return id;
}

export function registerFilterPages(app: FastifyInstance, ctx: WebContext): void {
  const guarded = { preHandler: formGuard(app) };
  const { store } = ctx;
  const now = () => ctx.community.now();
  const summaryOf = async (filter: Filter): Promise<FilterSummary> => ({
    filter,
    description: describeFilter(filter.spec),
    email: await filterEmail(store, filter.id),
    feeds: filterFeedUrls(ctx, filter),
  });

  const listPage = async (request: FastifyRequest, reply: FastifyReply, form: FilterFormValues, problem: string | null) => {
    const viewer = requireViewer(request);
    const filters = await Promise.all((await filtersOf(store, viewer)).map(summaryOf));
    reply.header('cache-control', 'private, no-store');
    return sendHtml(
      reply,
      problem ? 400 : 200,
      h(FiltersPage, { site: ctx.site, csrf: reply.generateCsrf(), filters, form, problem }),
    );
  };

  const filterPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    edit: { form: FilterFormValues; problem: string } | null,
  ) => {
    const filter = await readableFilter(store, request.viewer, id);
    const own = request.viewer?.id === filter.userId;
    const query = (request.query ?? {}) as Query;
    const current = intParam(query, 'p', { min: 1, max: MAX_PAGES, fallback: 1 });
    const result = await filterPapers(ctx.searchIndex, filter.spec, { offset: (current - 1) * PER_PAGE, limit: PER_PAGE });
    const page = paging(current, result.total, PER_PAGE, pageHref(`/filters/${filter.id}`));
    if (current > page.count) return reply.redirect(page.href(page.count), 302);
    const summary = await summaryOf(filter);
    const member = await memberVotes(
      ctx,
      request,
      reply,
      result.items.map((item) => item.paper.id),
    );
    const rendered = forMember(
      htmlResponse(
        edit ? 400 : 200,
        h(FilterPage, {
          site: ctx.site,
          summary: own ? summary : { ...summary, feeds: filterFeedUrls(ctx, filter, false) },
          csrf: own ? (member?.csrf ?? reply.generateCsrf()) : null,
          form: edit?.form ?? valuesOf(filter, summary.email),
          problem: edit?.problem ?? null,
          items: result.items,
          total: result.total,
          indexing: result.indexing,
          page,
          cards: { listHref: page.href(current), member, showDay: true, density: densityOf(request) },
        }),
      ),
      member,
    );
    if (!filter.public) reply.header('cache-control', 'private, no-store');
    return reply
      .code(rendered.status)
      .type(rendered.type)
      .headers(rendered.headers ?? {})
      .send(rendered.body);
  };

  /** Runs a form's change; a refusal of its fields shows the form again with them and the reason. */
  const refusedForm = async (action: () => Promise<FastifyReply>, again: (problem: string) => Promise<FastifyReply>) => {
    try {
      return await action();
    } catch (error) {
      if (error instanceof Refusal && error.kind === 'invalid') return again(error.message);
      throw error;
    }
  };

  app.get('/filters', async (request, reply) =>
    request.viewer
      ? listPage(request, reply, EMPTY_FORM, null)
      : reply.redirect(`/login?next=${encodeURIComponent(request.url)}`),
  );

  app.post('/filters', guarded, async (request, reply) => {
    const viewer = requireViewer(request);
    const form = formValues(request);
    return refusedForm(
      async () => {
        const filter = await createFilter(store, viewer, fieldsOf(form), now());
        if (emailChoice(form.email)) await setFilterEmail(store, viewer, filter.id, emailChoice(form.email), now());
        return reply.redirect(`/filters/${filter.id}`, 303);
      },
      (problem) => listPage(request, reply, form, problem),
    );
  });

  app.get<{ Params: { id: string } }>('/filters/:id', async (request, reply) =>
    filterPage(request, reply, filterIdOf(request.params.id), null),
  );

  app.post<{ Params: { id: string } }>('/filters/:id', guarded, async (request, reply) => {
    const viewer = requireViewer(request);
    const id = filterIdOf(request.params.id);
    const form = formValues(request);
    return refusedForm(
      async () => {
        await editFilter(store, viewer, id, fieldsOf(form), now());
        await setFilterEmail(store, viewer, id, emailChoice(form.email), now());
        return reply.redirect(`/filters/${id}`, 303);
      },
      (problem) => filterPage(request, reply, id, { form, problem }),
    );
  });

  app.post<{ Params: { id: string } }>('/filters/:id/feed-token', guarded, async (request, reply) => {
    const id = filterIdOf(request.params.id);
    await replaceFeedToken(store, requireViewer(request), id, now());
    return reply.redirect(`/filters/${id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/filters/:id/delete', guarded, async (request, reply) => {
    await removeFilter(store, requireViewer(request), filterIdOf(request.params.id));
    return reply.redirect('/filters', 303);
  });

  const feedItems = async (request: FastifyRequest<{ Params: { id: string }; Querystring: Query }>) => {
    const filter = await feedFilter(store, filterIdOf(request.params.id), single(request.query, 'token'));
    const { items } = await filterPapers(ctx.searchIndex, filter.spec, { offset: 0, limit: FEED_ENTRIES });
    return { filter, items, urls: filterFeedUrls(ctx, filter) };
  };
  // Feed readers poll: five minutes like the other feeds, kept from shared caches unless public.
  const feedCaching = (filter: Filter) => (filter.public ? 'public, max-age=300' : 'private, max-age=300');

  app.get<{ Params: { id: string }; Querystring: Query }>('/filters/:id/feed.atom', async (request, reply) => {
    const { filter, items, urls } = await feedItems(request);
    return reply
      .header('content-type', 'application/atom+xml; charset=utf-8')
      .header('cache-control', feedCaching(filter))
      .send(dailyAtom(items, { baseUrl: ctx.config.baseUrl, title: `${filter.name} — Daily Papers filter`, self: urls.atom }));
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/filters/:id/feed.json', async (request, reply) => {
    const { filter, items, urls } = await feedItems(request);
    return reply
      .header('content-type', JSON_FEED_TYPE)
      .header('cache-control', feedCaching(filter))
      .send(
        jsonFeed(items, {
          baseUrl: ctx.config.baseUrl,
          title: `${filter.name} — Daily Papers filter`,
          feedUrl: urls.json,
          homePageUrl: `${ctx.config.baseUrl}/filters/${filter.id}`,
          description: describeFilter(filter.spec),
        }),
      );
  });
}
