/**
 * The daily, weekly and monthly lists: `/papers`, `/papers/date/YYYY-MM-DD`,
 * `/papers/week/YYYY-Www`, `/papers/month/YYYY-MM`, and `/papers/date?day=` (the date picker).
 * Previous/next and the tabs lead only to windows that have papers; a day is one page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { monthOf, parseDay, weekOf } from '../../core/dates.ts';
import { readSourceStatus } from '../../ingest/source-status.ts';
import { neighbourWindows, type WindowUnit, windowRange } from '../../rank/feed-windows.ts';
import { Refusal } from '../../social/errors.ts';
import { feedPage, latestFeedDay } from '../../store/feed.ts';
import { countPapers } from '../../store/papers.ts';
import { forMember, memberVotes } from '../card-context.ts';
import type { WebContext } from '../context.ts';
import { densityOf } from '../density.ts';
import { htmlResponse } from '../html.ts';
import { EmptyHubPage } from '../pages/empty-hub-page.tsx';
import { FeedPage } from '../pages/feed-page.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { intParam, MAX_PAGE, type Query, single } from '../params.ts';
import type { Rendered } from '../response-cache.ts';
import { sendSearchPage } from './search-pages.ts';
import { humanDay, humanDayRange, humanMonth, humanWeek } from '../views/format.ts';
import type { Tabs, TabName } from '../views/layout.tsx';
import { type NavLink, PER_PAGE, pageHref, paging } from '../views/pager.tsx';
import type { SourcesProgress } from '../views/source-progress.tsx';
import { DAILY_DESCRIPTION } from '../views/page-head.tsx';
import { authorQuery } from '../views/paper-card.tsx';

/**
 * A day is one page, as on Hugging Face (a busy day there has about 70 papers). The bound only
 * keeps a runaway import from building one page of thousands: such a day shows its 500 most
 * upvoted papers, and its week's pages list them all.
 */
const DAY_LIMIT = 500;

/** Read from the store, so every process shows what the one holding a source's lease did. */
async function sourcesProgress({ config, store }: WebContext): Promise<SourcesProgress> {
  const [hfDaily, arxiv] = await Promise.all([
    config.hfDaily ? readSourceStatus(store, 'hf-daily') : null,
    config.arxivCategories.length > 0 ? readSourceStatus(store, 'arxiv') : null,
  ]);
  return { hfDaily, arxiv };
}

type WindowRequest = FastifyRequest<{ Querystring: Query }>;

export function registerFeedPages(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: Query }>('/papers', (request, reply) => {
    if (single(request.query, 'q') !== undefined) return sendSearchPage(ctx, request.query, reply);
    // A card's author link: the author's search, whose own address (and canonical link) is the query's.
    const author = single(request.query, 'by');
    if (author !== undefined) return sendSearchPage(ctx, { ...request.query, q: authorQuery(author) }, reply);
    return ctx.cache.serve(request, reply, async () => {
      const day = await latestFeedDay(ctx.store);
      if (day === null) {
        const [sources, archived] = await Promise.all([sourcesProgress(ctx), countPapers(ctx.store)]);
        return htmlResponse(200, h(EmptyHubPage, { site: ctx.site, tabs: tabsFor('daily', null), sources, archived }));
      }
      return windowPage(ctx, request, reply, 'day', day, '/papers');
    });
  });

  // The date picker's GET form: its day as the day's own address.
  app.get<{ Querystring: Query }>('/papers/date', async (request, reply) => {
    const text = single(request.query, 'day');
    if (text === undefined) return reply.redirect('/papers', 302);
    const day = parseDay(text);
    if (day === null) throw new Refusal('invalid', `“${text}” is not a calendar day: pick one, or type it as YYYY-MM-DD`);
    return reply.redirect(`/papers/date/${day}`, 302);
  });

  // The parameter is named after the unit (`/papers/date/:day`): the metrics label routes by it.
  const windowRoute = (unit: WindowUnit, prefix: string, what: string) =>
    app.get<{ Params: Record<WindowUnit, string>; Querystring: Query }>(`${prefix}/:${unit}`, (request, reply) =>
      ctx.cache.serve(request, reply, async () => {
        const key = request.params[unit];
        if (windowRange(unit, key) === null) return windowNotFound(ctx, key, what, `${prefix}/${PATTERNS[unit]}`);
        return windowPage(ctx, request, reply, unit, key, `${prefix}/${key}`);
      }),
    );
  windowRoute('day', '/papers/date', 'a calendar day');
  windowRoute('week', '/papers/week', 'an ISO week');
  windowRoute('month', '/papers/month', 'a month');
}

const PATTERNS: Record<WindowUnit, string> = { day: 'YYYY-MM-DD', week: 'YYYY-Www', month: 'YYYY-MM' };
const PREFIXES: Record<WindowUnit, string> = { day: '/papers/date', week: '/papers/week', month: '/papers/month' };
const TAB_OF_UNIT: Record<WindowUnit, TabName> = { day: 'daily', week: 'weekly', month: 'monthly' };

/** A window's name in words: `Mar 2, 2026`, `Week 10, 2026`, `March 2026`. */
function windowName(unit: WindowUnit, key: string): string {
  return unit === 'day' ? humanDay(key) : unit === 'week' ? humanWeek(key) : humanMonth(key);
}

/** The page's meta description: what is on it, in one sentence. */
function windowDescription(unit: WindowUnit, key: string, path: string): string {
  if (path === '/papers') return DAILY_DESCRIPTION;
  if (unit === 'day') return `The papers on the feed on ${humanDay(key)}, most upvoted first.`;
  if (unit === 'week')
    return `The papers on the feed in ${humanWeek(key)} (${humanDayRange(windowRange(unit, key)!)}), most upvoted first.`;
  return `The papers on the feed in ${humanMonth(key)}, most upvoted first.`;
}

function navLink(unit: WindowUnit, key: string | null, direction: 'Previous' | 'Next'): NavLink | null {
  if (key === null) return null;
  return { href: `${PREFIXES[unit]}/${key}`, label: `${direction} ${unit}`, target: windowName(unit, key) };
}

async function windowPage(
  ctx: WebContext,
  request: WindowRequest,
  reply: FastifyReply,
  unit: WindowUnit,
  key: string,
  path: string,
): Promise<Rendered> {
  const range = windowRange(unit, key)!;
  const paged = unit !== 'day';
  // Pages count from 1 here, for people; the JSON API's `p` counts from 0, as on Hugging Face.
  const current = paged ? intParam(request.query, 'p', { min: 1, max: MAX_PAGE, fallback: 1 }) : 1;
  const [{ total, items }, around, latest] = await Promise.all([
    feedPage(ctx.store, {
      range,
      order: 'upvotes',
      offset: (current - 1) * PER_PAGE,
      limit: paged ? PER_PAGE : DAY_LIMIT,
    }),
    neighbourWindows(ctx.store, unit, range),
    latestFeedDay(ctx.store),
  ]);
  const page = paging(current, paged ? total : 0, PER_PAGE, pageHref(path));
  if (current > page.count) return redirectTo(page.href(page.count));
  // The tabs lead to the week and month of a day shown here, or of the latest day when this window is empty.
  const shownDay = items.reduce<string | null>(
    (last, item) => (last === null || item.entry.day > last ? item.entry.day : last),
    null,
  );
  const member = await memberVotes(
    ctx,
    request,
    reply,
    items.map((item) => item.paper.id),
  );
  return forMember(
    htmlResponse(
      200,
      h(FeedPage, {
        site: ctx.site,
        heading: windowName(unit, key),
        subheading: unit === 'week' ? humanDayRange(range) : undefined,
        description: windowDescription(unit, key, path),
        unit,
        tabs: tabsFor(TAB_OF_UNIT[unit], shownDay ?? latest),
        items,
        total,
        previous: navLink(unit, around.previous, 'Previous'),
        next: navLink(unit, around.next, 'Next'),
        page,
        cards: { listHref: page.href(current), member, density: densityOf(request), showDay: unit !== 'day' },
        datePicker: latest === null ? undefined : { value: unit === 'day' ? key : (shownDay ?? latest), max: latest },
      }),
    ),
    member,
  );
}

/** A page past the end of a list: the list's last page. */
export function redirectTo(href: string): Rendered {
  return { status: 302, type: 'text/plain; charset=utf-8', body: '', headers: { location: href } };
}

/**
 * Where each tab leads from a page: the latest day for Daily, and the week and month that hold
 * `anchorDay` (a day with papers: the page's own, or the latest) for the others.
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
