/** `/papers?q=` (the search page) and `/papers/search.atom?q=` / `.json` (a search as an Atom feed or JSON Feed). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { listFeed } from '../../feeds/list-feed.ts';
import { paperPath } from '../../feeds/links.ts';
import { MAX_OFFSET } from '../../search/index.ts';
import type { WebContext } from '../context.ts';
import { densityOf } from '../density.ts';
import { forMember, memberVotes } from '../card-context.ts';
import { htmlResponse } from '../html.ts';
import { SearchPage } from '../pages/search-page.tsx';
import { intParam, type Query } from '../params.ts';
import { PER_PAGE, pageHref, paging } from '../views/pager.tsx';
import { listedHits, runSearch, searchQueryOf, searchQueryString } from '../search-params.ts';
import { searchFollows } from '../taste-choices.ts';

const FEED_ENTRIES = 50;

/** Answers `/papers` when it has a query: a paper named by id goes straight to its page. */
export async function sendSearchPage(ctx: WebContext, query: Query, reply: FastifyReply): Promise<FastifyReply> {
  const current = intParam(query, 'p', { min: 1, max: Math.floor(MAX_OFFSET / PER_PAGE) + 1, fallback: 1 });
  const search = { ...searchQueryOf(query, PER_PAGE), limit: PER_PAGE, offset: (current - 1) * PER_PAGE };
  const result = await runSearch(ctx, search);
  if (result.jump && result.items.length > 0) return reply.redirect(paperPath(result.items[0]!.paper.id), 302);
  const own = searchQueryString(search);
  const page = paging(current, result.total, PER_PAGE, pageHref(`/papers?${own}`));
  if (current > page.count) return reply.redirect(page.href(page.count), 302);
  const items = await listedHits(ctx, result.items);
  const member = await memberVotes(
    ctx,
    reply.request,
    reply,
    items.map((item) => item.paper.id),
  );
  const rendered = forMember(
    htmlResponse(
      200,
      h(SearchPage, {
        site: ctx.site,
        query: search,
        items,
        total: result.total,
        partial: result.partial,
        indexing: result.indexing,
        feedHref: `${ctx.config.baseUrl}/papers/search.atom?${own}`,
        page,
        follows: member && (await searchFollows(ctx, reply.request, member.csrf, search, page.href(current))),
        cards: {
          listHref: page.href(current),
          member,
          showDay: true,
          density: densityOf(reply.request),
          category: search.category,
        },
      }),
    ),
    member,
  );
  return reply
    .code(rendered.status)
    .type(rendered.type)
    .headers(rendered.headers ?? {})
    .send(rendered.body);
}

export function registerSearchFeed(app: FastifyInstance, ctx: WebContext): void {
  // The same search as the page, newest first, as Atom and as JSON Feed 1.1.
  const feedOf = (format: 'atom' | 'json') => (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) =>
    ctx.cache.serve(request, reply, async () => {
      const search = { ...searchQueryOf(request.query, FEED_ENTRIES), sort: 'date' as const };
      const result = await runSearch(ctx, search);
      const self = `${ctx.config.baseUrl}/papers/search.${format}?${searchQueryString(search)}`;
      const items = await listedHits(ctx, result.items);
      const title = `Daily Papers search: ${search.q}`;
      const homePageUrl = `${ctx.config.baseUrl}/papers?${searchQueryString({ ...search, sort: undefined })}`;
      const feed = listFeed(format, items, { baseUrl: ctx.config.baseUrl, title, self, homePageUrl });
      return { status: 200, ...feed, headers: { 'cache-control': 'public, max-age=300' } };
    });
  app.get<{ Querystring: Query }>('/papers/search.atom', feedOf('atom'));
  app.get<{ Querystring: Query }>('/papers/search.json', feedOf('json'));
}
