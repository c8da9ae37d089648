/** `GET /api/daily_papers`: Hugging Face's daily list endpoint, same parameters and item shape. */
import type { FastifyInstance } from 'fastify';
import type { DayRange } from '../../core/dates.ts';
import { hfDailyItem } from '../../feeds/hf-json.ts';
import { feedPage, type FeedOrder, latestFeedDay } from '../../store/feed.ts';
import type { WebContext } from '../context.ts';
import { jsonResponse } from '../json.ts';
import type { Rendered } from '../response-cache.ts';
import { feedWindowParam, intParam, MAX_PAGE, oneOf, type Query, single } from '../params.ts';

export const SORTS = ['publishedAt', 'trending'] as const;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;

// `trending` is the stored rank of the published formula (README, "Trending").
const ORDER_OF_SORT: Record<(typeof SORTS)[number], FeedOrder> = { publishedAt: 'publishedAt', trending: 'trending' };

export function registerDailyPapersApi(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: Query }>('/api/daily_papers', (request, reply) =>
    ctx.cache.serve(request, reply, () => renderDailyPapers(ctx, request.query)),
  );
}

async function renderDailyPapers(ctx: WebContext, query: Query): Promise<Rendered> {
  const page = intParam(query, 'p', { min: 0, max: MAX_PAGE, fallback: 0 });
  const limit = intParam(query, 'limit', { min: 1, max: MAX_LIMIT, fallback: DEFAULT_LIMIT });
  const sort = oneOf(query, 'sort', SORTS, 'publishedAt');
  const window = feedWindowParam(query);
  const submitter = single(query, 'submitter') ?? null;

  let range: DayRange | null;
  if (window === null) {
    // Without a window: a submitter's entries on every day, or else the latest day, as on HF.
    const latest = submitter ? null : await latestFeedDay(ctx.store);
    if (!submitter && latest === null) return jsonResponse([]);
    range = latest ? { from: latest, to: latest } : null;
  } else {
    range = window.kind === 'date' ? { from: window.day, to: window.day } : window.range;
  }

  const { items } = await feedPage(ctx.store, { range, submitter, order: ORDER_OF_SORT[sort], offset: page * limit, limit });
  return jsonResponse(items.map((item) => hfDailyItem(item, ctx.hf)));
}
