/** `GET /api/papers/search` and `GET /api/papers/{id}/similar`. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { hfDailyItem, hfPaper } from '../../feeds/hf-json.ts';
import { EXACT, HfDailyItem, HfPaper } from '../../feeds/hf-shapes.ts';
import { similarPapers } from '../../search/index.ts';
import { ARXIV_CATEGORY } from '../../core/categories.ts';
import { MAX_CATEGORY_LENGTH, MAX_LIMIT, MAX_QUERY_LENGTH, SEARCH_REFUSALS } from '../../core/search-query.ts';
import { Refusal } from '../../social/errors.ts';
import { feedEntriesOf } from '../../store/feed.ts';
import { listPapers } from '../../store/papers.ts';
import { BAD_PARAMETER, PaperIdParams, PUBLIC, refused, wholeNumberParam } from '../api-schema.ts';
import type { WebContext } from '../context.ts';
import { INDEXING_RESPONSE_HEADER, indexingHeaders, PARTIAL_RESPONSE_HEADER, partialHeaders } from '../search-headers.ts';
import { lookUpPaper } from '../paper-lookup.ts';
import { DEFAULT_SEARCH_LIMIT, listedHits, runSearch } from '../search-params.ts';

export const MAX_SIMILAR = 20;
export const DEFAULT_SIMILAR = 5;

const Highlighted = Type.Array(Type.Object({ type: Type.Enum(['text', 'highlight']), text: Type.String() }, EXACT), {
  description: 'The text in runs; `highlight` runs are what the query matched.',
});

const SearchResult = Type.Object(
  { ...HfDailyItem.properties, highlightedTitle: Highlighted, highlightedSummary: Highlighted },
  EXACT,
);

const day = (description: string, refusal: string) =>
  Type.Optional(Type.String({ format: 'date', description, 'x-refusal': refusal }));

const SearchApiQuery = Type.Object({
  q: Type.Optional(
    Type.String({
      maxLength: MAX_QUERY_LENGTH,
      description: 'The query. Without it, the latest papers (newest publication first), as Hugging Face answers.',
      'x-refusal': SEARCH_REFUSALS.qLength,
    }),
  ),
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_LIMIT,
      default: DEFAULT_SEARCH_LIMIT,
      description: 'Results.',
      'x-refusal': SEARCH_REFUSALS.limit,
    }),
  ),
  from: day('Published on or after, YYYY-MM-DD.', SEARCH_REFUSALS.from),
  to: day('Published on or before, YYYY-MM-DD.', SEARCH_REFUSALS.to),
  category: Type.Optional(
    Type.String({
      pattern: ARXIV_CATEGORY.source,
      maxLength: MAX_CATEGORY_LENGTH,
      description: 'An arXiv category (cs.CL) or archive (cs).',
      'x-refusal': SEARCH_REFUSALS.category,
    }),
  ),
  hasCode: Type.Optional(
    Type.Boolean({ description: 'Only papers with (or without) code.', 'x-refusal': SEARCH_REFUSALS.hasCode }),
  ),
  sort: Type.Optional(
    Type.Enum(['relevance', 'date'], {
      type: 'string',
      default: 'relevance',
      description: 'Best match or newest first.',
      'x-refusal': SEARCH_REFUSALS.sort,
    }),
  ),
});

const FILTERS = ['from', 'to', 'category', 'hasCode'] as const;

/** What `list_papers()` without a query gets: the latest papers, each as a search result of its whole text. */
async function latestPapers(ctx: WebContext, filters: Partial<Record<(typeof FILTERS)[number], unknown>>, limit: number) {
  // The filters narrow a search; `sort` is moot, the latest papers are in date order.
  const filter = FILTERS.find((name) => filters[name] !== undefined);
  if (filter) throw new Refusal('invalid', `${filter} needs q: without q the answer is the latest papers`);
  const papers = await listPapers(ctx.store, { after: null, limit });
  const entries = await feedEntriesOf(
    ctx.store,
    papers.map((paper) => paper.id),
  );
  return papers.map((paper) => ({
    ...hfDailyItem({ paper, entry: entries.get(paper.id) ?? null }, ctx.hf),
    highlightedTitle: [{ type: 'text' as const, text: paper.title }],
    highlightedSummary: [{ type: 'text' as const, text: paper.abstract ?? '' }],
  }));
}

export function registerSearchApi(app: FastifyInstance, ctx: WebContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/papers/search',
    {
      schema: {
        operationId: 'searchPapers',
        tags: ['search'],
        summary: 'Search papers',
        description:
          'Words, "phrases", -exclusions and author:Name; an arXiv id or URL finds that paper. Without q: the latest papers. ' +
          'Each item is a daily-feed item plus the title and abstract split into highlighted runs.',
        security: PUBLIC,
        querystring: SearchApiQuery,
        response: {
          200: {
            ...Type.Array(SearchResult, { description: 'Matching papers, best first.' }),
            headers: { ...PARTIAL_RESPONSE_HEADER, ...INDEXING_RESPONSE_HEADER },
          },
          400: BAD_PARAMETER,
        },
      },
    },
    async (request, reply) => {
      const { q, limit = DEFAULT_SEARCH_LIMIT, ...filters } = request.query;
      if (q === undefined) return reply.header('access-control-allow-origin', '*').send(await latestPapers(ctx, filters, limit));
      const result = await runSearch(ctx, { ...filters, q, limit });
      const body = (await listedHits(ctx, result.items)).map((item) => ({
        ...hfDailyItem(item, ctx.hf),
        highlightedTitle: item.hit.highlights.title,
        highlightedSummary: item.hit.highlights.abstract,
      }));
      // The body is Hugging Face's list, so a search cut short by its work budget, or made while
      // the archive is still being indexed (the newest papers only), says so in headers.
      return reply
        .headers({ ...partialHeaders(result.partial), ...indexingHeaders(result.indexing) })
        .header('access-control-allow-origin', '*')
        .send(body);
    },
  );

  api.get(
    '/api/papers/:arxivId/similar',
    {
      schema: {
        operationId: 'similarPapers',
        tags: ['search'],
        summary: 'Papers like this one',
        security: PUBLIC,
        params: PaperIdParams,
        querystring: Type.Object({
          limit: wholeNumberParam('limit', { min: 1, max: MAX_SIMILAR, fallback: DEFAULT_SIMILAR }, 'Papers.'),
        }),
        response: {
          200: {
            ...Type.Array(HfPaper, { description: 'Similar papers, most similar first.' }),
            headers: INDEXING_RESPONSE_HEADER,
          },
          400: refused('A bad limit.'),
          404: refused('No such paper here.'),
        },
      },
    },
    async (request, reply) => {
      const { arxivId } = request.params;
      const found = await lookUpPaper(ctx.store, arxivId, request.viewer);
      if (found.kind !== 'found') throw new Refusal('not-found', `Paper ${arxivId} not found`);
      const similar = await similarPapers(ctx.searchIndex, found.paper.id, request.query.limit ?? DEFAULT_SIMILAR, {
        semantic: ctx.semantic,
      });
      const entries = await feedEntriesOf(
        ctx.store,
        similar.items.map((s) => s.paper.id),
      );
      return reply
        .headers(indexingHeaders(similar.indexing))
        .header('access-control-allow-origin', '*')
        .send(similar.items.map(({ paper }) => hfPaper(paper, entries.get(paper.id) ?? null, ctx.hf)));
    },
  );
}
