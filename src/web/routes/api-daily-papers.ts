/** `GET /api/daily_papers`: Hugging Face's daily list endpoint, same parameters and item shape. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { type DayRange, parseDay, parseMonth, parseWeek } from '../../core/dates.ts';
import { hfDailyItem, sourcesSubmittedAs } from '../../feeds/hf-json.ts';
import { HfDailyItem } from '../../feeds/hf-shapes.ts';
import { feedPage, type FeedOrder, latestFeedDay } from '../../store/feed.ts';
import { BAD_PARAMETER, choiceParam, dayParam, monthParam, PUBLIC, weekParam, wholeNumberParam } from '../api-schema.ts';
import type { WebContext } from '../context.ts';
import { jsonResponse } from '../json.ts';
import type { Rendered } from '../response-cache.ts';
import { MAX_PAGE } from '../params.ts';
import { Refusal } from '../../social/errors.ts';

export const SORTS = ['publishedAt', 'trending'] as const;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;

// `trending` is the stored rank of the published formula (README, "Trending").
const ORDER_OF_SORT: Record<(typeof SORTS)[number], FeedOrder> = { publishedAt: 'publishedAt', trending: 'trending' };

/** `limit` of the HF lists (daily papers, every paper). */
export const limitParam = wholeNumberParam('limit', { min: 1, max: MAX_LIMIT, fallback: DEFAULT_LIMIT }, 'Items per page.');

const DailyPapersQuery = Type.Object({
  p: wholeNumberParam('p', { min: 0, max: MAX_PAGE, fallback: 0 }, 'Page, counting from 0.'),
  limit: limitParam,
  date: dayParam('A feed day, YYYY-MM-DD.'),
  week: weekParam('An ISO week, YYYY-Www (e.g. 2026-W10).'),
  month: monthParam('A month, YYYY-MM.'),
  submitter: Type.Optional(
    Type.String({
      description:
        'Only entries whose `submittedBy.user` (or `name`) is this: a member, or an automatic account such as `huggingface`.',
    }),
  ),
  sort: choiceParam(
    SORTS,
    '`publishedAt`: newest entries first. `trending`: by the published trending formula (GET /api/papers/{arxivId}/trending explains a rank).',
    'publishedAt',
  ),
});
type DailyPapersQuery = Static<typeof DailyPapersQuery>;

export function registerDailyPapersApi(app: FastifyInstance, ctx: WebContext): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/daily_papers',
    {
      schema: {
        operationId: 'listDailyPapers',
        tags: ['papers'],
        summary: 'Papers on the daily feed',
        description:
          'Without date, week or month: the latest day that has entries (or, with submitter, every day). ' +
          'At most one of date, week, month.',
        security: PUBLIC,
        querystring: DailyPapersQuery,
        response: {
          200: Type.Array(HfDailyItem, { description: 'One page of feed items.' }),
          400: BAD_PARAMETER,
        },
      },
    },
    async (request, reply) => {
      await ctx.cache.serve(request, reply, () => renderDailyPapers(ctx, request.query));
    },
  );
}

async function renderDailyPapers(ctx: WebContext, query: DailyPapersQuery): Promise<Rendered> {
  const { p = 0, limit = DEFAULT_LIMIT, sort = 'publishedAt', submitter = null } = query;
  const window = windowOf(query);
  let range: DayRange | null;
  if (window === null) {
    // Without a window: a submitter's entries on every day, or else the latest day, as on HF.
    const latest = submitter ? null : await latestFeedDay(ctx.store);
    if (!submitter && latest === null) return jsonResponse([]);
    range = latest ? { from: latest, to: latest } : null;
  } else {
    range = window;
  }

  const { items } = await feedPage(ctx.store, {
    range,
    submitter,
    // `submitter=huggingface` finds the picks mirrored without a person, as the items report them.
    submitterSources: submitter ? sourcesSubmittedAs(submitter) : [],
    order: ORDER_OF_SORT[sort],
    offset: p * limit,
    limit,
  });
  return jsonResponse(items.map((item) => hfDailyItem(item, ctx.hf)));
}

/** The days of at most one of date, week, month (the schema has checked each). */
function windowOf(query: DailyPapersQuery): DayRange | null {
  const given = (['date', 'week', 'month'] as const).filter((name) => query[name] !== undefined);
  if (given.length > 1) {
    throw new Refusal(
      'invalid',
      `Parameters ${given.join(' and ')} cannot be used together: give at most one of date, week, month`,
    );
  }
  if (query.date !== undefined) return rangeOf(parseDay(query.date), query.date);
  if (query.week !== undefined) return rangeOf(parseWeek(query.week), query.week);
  if (query.month !== undefined) return rangeOf(parseMonth(query.month), query.month);
  return null;
}

function rangeOf(parsed: DayRange | string | null, text: string): DayRange {
  if (parsed === null) throw new Error(`${text} passed the schema but is not a day, week or month`);
  return typeof parsed === 'string' ? { from: parsed, to: parsed } : parsed;
}
