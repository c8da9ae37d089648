/**
 * The daily, weekly and monthly lists: `/papers`, `/papers/date/YYYY-MM-DD`,
 * `/papers/week/YYYY-Www`, `/papers/month/YYYY-MM`.
 */
import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { type DayRange, monthOf, parseDay, parseMonth, parseWeek, shiftMonth, shiftWeek, weekOf } from '../../core/dates.ts';
import { readSourceStatus } from '../../ingest/source-status.ts';
import { feedPage, latestFeedDay, neighbourFeedDays } from '../../store/feed.ts';
import { countPapers } from '../../store/papers.ts';
import type { WebContext } from '../context.ts';
import { htmlResponse } from '../html.ts';
import { EmptyHubPage } from '../pages/empty-hub-page.tsx';
import { FeedPage } from '../pages/feed-page.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { intParam, MAX_PAGE, type Query, single } from '../params.ts';
import type { Rendered } from '../response-cache.ts';
import { sendSearchPage } from './search-pages.ts';
import { humanDay, humanDayRange, humanMonth, humanWeek } from '../views/format.ts';
import type { Tabs, TabName } from '../views/layout.tsx';
import type { NavLink } from '../views/pager.tsx';
import type { SourcesProgress } from '../views/source-progress.tsx';
import { DAILY_DESCRIPTION } from '../views/page-head.tsx';

const PER_PAGE = 50;

/** Read from the store, so every process shows what the one holding a source's lease did. */
async function sourcesProgress({ config, store }: WebContext): Promise<SourcesProgress> {
  const [hfDaily, arxiv] = await Promise.all([
    config.hfDaily ? readSourceStatus(store, 'hf-daily') : null,
    config.arxivCategories.length > 0 ? readSourceStatus(store, 'arxiv') : null,
  ]);
  return { hfDaily, arxiv };
}

export function registerFeedPages(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: Query }>('/papers', (request, reply) => {
    if (single(request.query, 'q') !== undefined) return sendSearchPage(ctx, request.query, reply);
    return ctx.cache.serve(request, reply, async () => {
      const day = await latestFeedDay(ctx.store);
      if (day === null) {
        const [sources, archived] = await Promise.all([sourcesProgress(ctx), countPapers(ctx.store)]);
        return htmlResponse(200, h(EmptyHubPage, { site: ctx.site, tabs: tabsFor('daily', null), sources, archived }));
      }
      return dayPage(ctx, day, '/papers', request.query);
    });
  });

  app.get<{ Params: { day: string }; Querystring: Query }>('/papers/date/:day', (request, reply) =>
    ctx.cache.serve(request, reply, async () => {
      const day = parseDay(request.params.day);
      if (day === null) return windowNotFound(ctx, request.params.day, 'a calendar day', '/papers/date/YYYY-MM-DD');
      return dayPage(ctx, day, `/papers/date/${day}`, request.query);
    }),
  );

  app.get<{ Params: { week: string }; Querystring: Query }>('/papers/week/:week', (request, reply) =>
    ctx.cache.serve(request, reply, async () => {
      const week = request.params.week;
      const range = parseWeek(week);
      if (range === null) return windowNotFound(ctx, week, 'an ISO week', '/papers/week/YYYY-Www');
      return windowPage(ctx, request.query, {
        range,
        path: `/papers/week/${week}`,
        heading: humanWeek(week),
        subheading: humanDayRange(range),
        description: `The papers on the feed in ${humanWeek(week)} (${humanDayRange(range)}), most upvoted first.`,
        unit: 'week',
        tabs: tabsFor('weekly', range.from),
        previous: { href: `/papers/week/${shiftWeek(week, -1)}`, label: 'Previous week' },
        next: { href: `/papers/week/${shiftWeek(week, 1)}`, label: 'Next week' },
      });
    }),
  );

  app.get<{ Params: { month: string }; Querystring: Query }>('/papers/month/:month', (request, reply) =>
    ctx.cache.serve(request, reply, async () => {
      const month = request.params.month;
      const range = parseMonth(month);
      if (range === null) return windowNotFound(ctx, month, 'a month', '/papers/month/YYYY-MM');
      return windowPage(ctx, request.query, {
        range,
        path: `/papers/month/${month}`,
        heading: humanMonth(month),
        description: `The papers on the feed in ${humanMonth(month)}, most upvoted first.`,
        unit: 'month',
        tabs: tabsFor('monthly', range.from),
        previous: { href: `/papers/month/${shiftMonth(month, -1)}`, label: 'Previous month' },
        next: { href: `/papers/month/${shiftMonth(month, 1)}`, label: 'Next month' },
      });
    }),
  );
}

/** A day's page; previous/next skip days without entries (weekends, holidays). */
async function dayPage(ctx: WebContext, day: string, path: string, query: Query): Promise<Rendered> {
  const neighbours = await neighbourFeedDays(ctx.store, day);
  return windowPage(ctx, query, {
    range: { from: day, to: day },
    path,
    heading: humanDay(day),
    description: path === '/papers' ? DAILY_DESCRIPTION : `The papers on the feed on ${humanDay(day)}, most upvoted first.`,
    unit: 'day',
    tabs: tabsFor('daily', day),
    previous: neighbours.previous ? { href: `/papers/date/${neighbours.previous}`, label: 'Previous day' } : null,
    next: neighbours.next ? { href: `/papers/date/${neighbours.next}`, label: 'Next day' } : null,
  });
}

interface WindowView {
  range: DayRange;
  path: string;
  heading: string;
  subheading?: string;
  description: string;
  unit: string;
  tabs: Tabs;
  previous: NavLink | null;
  next: NavLink | null;
}

async function windowPage(ctx: WebContext, query: Query, view: WindowView): Promise<Rendered> {
  // Pages count from 1 here, for people; the JSON API's `p` counts from 0, as on Hugging Face.
  const current = intParam(query, 'p', { min: 1, max: MAX_PAGE, fallback: 1 });
  const { total, items } = await feedPage(ctx.store, {
    range: view.range,
    order: 'upvotes',
    offset: (current - 1) * PER_PAGE,
    limit: PER_PAGE,
  });
  const page = {
    current,
    count: Math.max(1, Math.ceil(total / PER_PAGE)),
    href: (n: number) => (n === 1 ? view.path : `${view.path}?p=${n}`),
  };
  return htmlResponse(200, h(FeedPage, { site: ctx.site, ...view, items, total, page }));
}

/**
 * Where each tab leads from a page: the latest day for Daily, and the week and month that
 * hold the page's day for the others (the current ones when there is none).
 */
export function tabsFor(active: TabName | null, anchorDay: string | null): Tabs {
  const day = anchorDay ?? new Date().toISOString().slice(0, 10);
  return {
    active,
    hrefs: { daily: '/papers', weekly: `/papers/week/${weekOf(day)}`, monthly: `/papers/month/${monthOf(day)}` },
  };
}

function windowNotFound(ctx: WebContext, text: string, what: string, pattern: string): Rendered {
  const message = `“${text}” is not ${what}: the address should look like ${pattern}.`;
  return htmlResponse(404, h(NotFoundPage, { site: ctx.site, reason: { kind: 'window', message } }));
}
