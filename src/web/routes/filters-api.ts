/**
 * The saved-filter API: a member's filters (`/api/me/filters`), the papers each matches in
 * Hugging Face's daily-item shape, its e-mail digest, its feed token, and an OPML file of all
 * the member's feeds. Only the filter's member reads or changes it (a token or the session;
 * writes with a session also need `x-csrf-token`); another member's filter answers 404, as an
 * unknown one does. Answers are never cached (`Cache-Control: no-store`).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { hfDailyItem } from '../../feeds/hf-json.ts';
import { HfDailyItem } from '../../feeds/hf-shapes.ts';
import {
  createFilter,
  editFilter,
  type Filter,
  filterEmail,
  filterPapers,
  filtersOf,
  ownFilter,
  removeFilter,
  replaceFeedToken,
  setFilterEmail,
} from '../../filters/index.ts';
import { collectionsOf } from '../../store/library.ts';
import { BAD_PARAMETER, refused, SIGNED_IN, WRITE_REFUSALS, wholeNumberParam } from '../api-schema.ts';
import { apiWriteGuard, requireViewer } from '../auth.ts';
import type { WebContext } from '../context.ts';
import { FilterBody, FilterChangeBody, FilterIdParams, SavedFilter } from '../filter-schemas.ts';
import { filterFeedUrls, filterOut } from '../filter-view.ts';
import { INDEXING_RESPONSE_HEADER, indexingHeaders } from '../search-headers.ts';
import { feedsOpml } from '../../feeds/opml.ts';
import { MAX_PAGE } from '../params.ts';
import { DEFAULT_LIMIT, limitParam } from './api-daily-papers.ts';

const SIGNED_IN_READ = { 401: refused('No valid token or session.') };
const NOT_YOURS = refused('No filter of yours has this id (another member’s answers the same).');
const INVALID = refused('A field could not be used; the message says which and why.');

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

export function registerFiltersApi(app: FastifyInstance, ctx: WebContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const guard = apiWriteGuard(app);
  const { store } = ctx;
  const now = () => ctx.community.now();
  const out = async (filter: Filter) => filterOut(ctx, filter, await filterEmail(store, filter.id));
  const idOf = (text: string) => Number(text);

  api.get(
    '/api/me/filters',
    {
      schema: {
        operationId: 'listFilters',
        tags: ['filters'],
        summary: 'Your saved filters, by name',
        security: SIGNED_IN,
        response: { 200: Type.Array(SavedFilter), ...SIGNED_IN_READ },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return Promise.all((await filtersOf(store, requireViewer(request))).map(out));
    },
  );

  api.post(
    '/api/me/filters',
    {
      preHandler: guard,
      schema: {
        operationId: 'createFilter',
        tags: ['filters'],
        summary: 'Save a filter (and, with email, have it mailed)',
        description:
          'Words, "phrases", -exclusions and author:"Name" as in the search box; categories with `-cs.SD` to leave one out; ' +
          'hasCode; minUpvotes; scope `feed` (the daily feed, the default) or `archive` (every paper). At most 50 filters each.',
        security: SIGNED_IN,
        body: FilterBody,
        response: { 201: SavedFilter, 400: INVALID, ...WRITE_REFUSALS },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const { email, ...fields } = request.body;
      const filter = await createFilter(store, viewer, fields, now());
      if (email) await setFilterEmail(store, viewer, filter.id, email, now());
      return noStore(reply)
        .code(201)
        .send(await out(filter));
    },
  );

  api.get(
    '/api/me/filters/:id',
    {
      schema: {
        operationId: 'getFilter',
        tags: ['filters'],
        summary: 'One of your filters',
        security: SIGNED_IN,
        params: FilterIdParams,
        response: { 200: SavedFilter, 400: BAD_PARAMETER, 404: NOT_YOURS, ...SIGNED_IN_READ },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return out(await ownFilter(store, requireViewer(request), idOf(request.params.id)));
    },
  );

  api.patch(
    '/api/me/filters/:id',
    {
      preHandler: guard,
      schema: {
        operationId: 'changeFilter',
        tags: ['filters'],
        summary: 'Change a filter, its e-mail digest or who may read it',
        description: 'Fields left out stay as they are.',
        security: SIGNED_IN,
        params: FilterIdParams,
        body: FilterChangeBody,
        response: { 200: SavedFilter, 400: INVALID, 404: NOT_YOURS, ...WRITE_REFUSALS },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const id = idOf(request.params.id);
      const { email, ...fields } = request.body;
      const filter = await editFilter(store, viewer, id, fields, now());
      if (email !== undefined) await setFilterEmail(store, viewer, id, email, now());
      noStore(reply);
      return out(filter);
    },
  );

  api.delete(
    '/api/me/filters/:id',
    {
      preHandler: guard,
      schema: {
        operationId: 'deleteFilter',
        tags: ['filters'],
        summary: 'Delete a filter, its digest and its feeds',
        security: SIGNED_IN,
        params: FilterIdParams,
        response: { 204: Type.Null({ description: 'Deleted.' }), 400: BAD_PARAMETER, 404: NOT_YOURS, ...WRITE_REFUSALS },
      },
    },
    async (request, reply) => {
      await removeFilter(store, requireViewer(request), idOf(request.params.id));
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/me/filters/:id/feed-token',
    {
      preHandler: guard,
      schema: {
        operationId: 'replaceFilterFeedToken',
        tags: ['filters'],
        summary: 'Give a filter new feed URLs (the old ones stop working)',
        security: SIGNED_IN,
        params: FilterIdParams,
        response: { 200: SavedFilter, 400: BAD_PARAMETER, 404: NOT_YOURS, ...WRITE_REFUSALS },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return out(await replaceFeedToken(store, requireViewer(request), idOf(request.params.id), now()));
    },
  );

  api.get(
    '/api/me/filters/:id/papers',
    {
      schema: {
        operationId: 'listFilterPapers',
        tags: ['filters'],
        summary: 'The papers a filter matches, newest first',
        description: 'Items as in /api/daily_papers. An empty list when nothing matches yet.',
        security: SIGNED_IN,
        params: FilterIdParams,
        querystring: Type.Object({
          p: wholeNumberParam('p', { min: 0, max: MAX_PAGE, fallback: 0 }, 'Page, counting from 0.'),
          limit: limitParam,
        }),
        response: {
          200: { ...Type.Array(HfDailyItem), headers: INDEXING_RESPONSE_HEADER },
          400: BAD_PARAMETER,
          404: NOT_YOURS,
          ...SIGNED_IN_READ,
        },
      },
    },
    async (request, reply) => {
      const filter = await ownFilter(store, requireViewer(request), idOf(request.params.id));
      const { p = 0, limit = DEFAULT_LIMIT } = request.query;
      const page = await filterPapers(ctx.searchIndex, filter.spec, { offset: p * limit, limit });
      noStore(reply).header('x-total-count', String(page.total)).headers(indexingHeaders(page.indexing));
      return page.items.map((item) => hfDailyItem(item, ctx.hf));
    },
  );

  api.get(
    '/api/me/feeds.opml',
    {
      schema: {
        operationId: 'listFeedsOpml',
        tags: ['filters'],
        summary: 'All your feeds as OPML, for a feed reader',
        description: 'Each filter’s Atom feed (with its token) and each of your public collections’ feeds.',
        security: SIGNED_IN,
        response: {
          200: { description: 'OPML 2.0.', content: { 'text/x-opml': { schema: { type: 'string' } } } },
          ...SIGNED_IN_READ,
        },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const filters = await filtersOf(store, viewer);
      const collections = (await collectionsOf(store, viewer.id)).filter((c) => c.public);
      const body = feedsOpml({
        title: `Daily Papers feeds of ${viewer.displayName}`,
        outlines: [
          ...filters.map((f) => ({
            title: f.name,
            xmlUrl: filterFeedUrls(ctx, f).atom,
            htmlUrl: `${ctx.config.baseUrl}/filters/${f.id}`,
          })),
          ...collections.map((c) => ({
            title: c.name,
            xmlUrl: `${ctx.config.baseUrl}/collections/${c.id}/feed.atom`,
            htmlUrl: `${ctx.config.baseUrl}/collections/${c.id}`,
          })),
        ],
        now: now(),
      });
      return noStore(reply)
        .header('content-type', 'text/x-opml; charset=utf-8')
        .header('content-disposition', `attachment; filename="dailypapers-${viewer.handle}.opml"`)
        .send(body);
    },
  );
}
