/** `GET /api/papers/search` and `GET /api/papers/{id}/similar`. */
import type { FastifyInstance } from 'fastify';
import { hfDailyItem, hfPaper } from '../../feeds/hf-json.ts';
import { similarPapers } from '../../search/index.ts';
import { feedEntriesOf } from '../../store/feed-lookups.ts';
import type { WebContext } from '../context.ts';
import { lookUpPaper } from '../paper-lookup.ts';
import { intParam, type Query } from '../params.ts';
import { listedHits, runSearch, searchQueryOf } from '../search-params.ts';

export const MAX_SIMILAR = 20;
export const DEFAULT_SIMILAR = 5;

export function registerSearchApi(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: Query }>('/api/papers/search', async (request, reply) => {
    const result = await runSearch(ctx, searchQueryOf(request.query));
    const body = (await listedHits(ctx, result.items)).map((item) => ({
      ...hfDailyItem(item, ctx.hf),
      highlightedTitle: item.hit.highlights.title,
      highlightedSummary: item.hit.highlights.abstract,
    }));
    return reply.header('access-control-allow-origin', '*').send(body);
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/api/papers/:id/similar', async (request, reply) => {
    const limit = intParam(request.query, 'limit', { min: 1, max: MAX_SIMILAR, fallback: DEFAULT_SIMILAR });
    const found = await lookUpPaper(ctx.store, request.params.id);
    if (found.kind !== 'found') return reply.code(404).send({ error: `Paper ${request.params.id} not found` });
    const similar = await similarPapers(ctx.store, found.paper.id, limit, { semantic: ctx.semantic });
    const entries = await feedEntriesOf(
      ctx.store,
      similar.map((s) => s.paper.id),
    );
    return reply
      .header('access-control-allow-origin', '*')
      .send(similar.map(({ paper }) => hfPaper(paper, entries.get(paper.id) ?? null, ctx.hf)));
  });
}
