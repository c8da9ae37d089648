/**
 * Navigation that never leads into nothing: previous/next and the tabs skip empty days, weeks
 * and months and never pass the latest day with papers; the date picker reaches any day; long
 * lists have pagers at the top and bottom, and a page past the end sends to the last one.
 * The fixtures' feed days: 2026-01-15 (55 papers), 02-25, 02-27, 03-02 (the latest).
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/stores.ts';
import { busyDay, corpusDoc, saveFixtures, THREE_DAYS, useTestApp } from './fixtures.ts';

function relLink(html: string, rel: 'prev' | 'next'): string | null {
  return new RegExp(`<a class="button" rel="${rel}" href="([^"]*)"`).exec(html)?.[1] ?? null;
}

function tabs(html: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of html.matchAll(/<a href="([^"]*)" class="tab[^"]*"[^>]*>(\w+)<\/a>/g)) found[match[2]!] = match[1]!;
  return found;
}

describe.each(DIALECTS)('navigation on %s', (dialect) => {
  const web = useTestApp(dialect, (store) => saveFixtures(store, [...THREE_DAYS, corpusDoc, ...busyDay]));
  const get = (url: string) => web.app.inject({ method: 'GET', url });
  const around = async (url: string) => {
    const html = (await get(url)).body;
    return { previous: relLink(html, 'prev'), next: relLink(html, 'next') };
  };

  it('skips empty weeks in both directions and never goes past the latest', async () => {
    expect(await around('/papers/week/2026-W03')).toEqual({ previous: null, next: '/papers/week/2026-W09' });
    expect(await around('/papers/week/2026-W09')).toEqual({ previous: '/papers/week/2026-W03', next: '/papers/week/2026-W10' });
    expect(await around('/papers/week/2026-W10')).toEqual({ previous: '/papers/week/2026-W09', next: null });
    // Weeks with nothing lead to the nearest ones that have papers.
    expect(await around('/papers/week/2026-W06')).toEqual({ previous: '/papers/week/2026-W03', next: '/papers/week/2026-W09' });
    expect(await around('/papers/week/2026-W30')).toEqual({ previous: '/papers/week/2026-W10', next: null });
    expect(await around('/papers/week/2025-W30')).toEqual({ previous: null, next: '/papers/week/2026-W03' });
  });

  it('skips empty months and days the same way', async () => {
    expect(await around('/papers/month/2026-01')).toEqual({ previous: null, next: '/papers/month/2026-02' });
    expect(await around('/papers/month/2026-03')).toEqual({ previous: '/papers/month/2026-02', next: null });
    expect(await around('/papers/month/2025-06')).toEqual({ previous: null, next: '/papers/month/2026-01' });
    expect(await around('/papers/month/2026-09')).toEqual({ previous: '/papers/month/2026-03', next: null });
    expect(await around('/papers/date/2026-01-15')).toEqual({ previous: null, next: '/papers/date/2026-02-25' });
    expect(await around('/papers/date/2026-02-01')).toEqual({
      previous: '/papers/date/2026-01-15',
      next: '/papers/date/2026-02-25',
    });
    expect(await around('/papers/date/2026-03-09')).toEqual({ previous: '/papers/date/2026-03-02', next: null });
  });

  it('says an empty window has no papers and links the nearest that have', async () => {
    const week = (await get('/papers/week/2026-W06')).body;
    expect(week).toContain(
      '<p class="empty">No papers in this week. The nearest with papers: ' +
        '<a href="/papers/week/2026-W03">Week 3, 2026</a> and <a href="/papers/week/2026-W09">Week 9, 2026</a>.</p>',
    );
    const after = (await get('/papers/date/2026-03-09')).body;
    expect(after).toContain(
      '<p class="empty">No papers on this day. The nearest with papers: <a href="/papers/date/2026-03-02">Mar 2, 2026</a>.</p>',
    );
  });

  it('opens the latest day, week and month with papers from trending and from a paper on no feed', async () => {
    const latest = { Daily: '/papers', Weekly: '/papers/week/2026-W10', Monthly: '/papers/month/2026-03' };
    expect(tabs((await get('/papers/trending')).body)).toEqual(latest);
    expect(tabs((await get(`/papers/${corpusDoc.id}`)).body)).toEqual(latest);
    // An empty window's tabs lead to the latest too, not to its own empty week or month.
    expect(tabs((await get('/papers/date/2026-02-01')).body)).toEqual(latest);
    // A paper on the feed, and a window with papers, lead to their own week and month.
    expect(tabs((await get('/papers/2602.00020')).body)).toEqual({
      Daily: '/papers',
      Weekly: '/papers/week/2026-W09',
      Monthly: '/papers/month/2026-02',
    });
    // A month whose first week is empty: the Weekly tab opens a week of it that has papers.
    expect(tabs((await get('/papers/month/2026-02')).body).Weekly).toBe('/papers/week/2026-W09');
  });

  it('jumps to any day with the date picker, without script', async () => {
    const html = (await get('/papers/date/2026-02-27')).body;
    expect(html).toContain(
      '<form class="date-picker" action="/papers/date" method="get"><label>Go to day ' +
        '<input type="date" name="day" value="2026-02-27" max="2026-03-02" required/></label> <button type="submit">Go</button></form>',
    );
    const jump = await get('/papers/date?day=2026-02-26');
    expect(jump.statusCode).toBe(302);
    expect(jump.headers.location).toBe('/papers/date/2026-02-26');
    const empty = (await get('/papers/date/2026-02-26')).body;
    expect(empty).toContain(
      'No papers on this day. The nearest with papers: <a href="/papers/date/2026-02-25">Feb 25, 2026</a> and ' +
        '<a href="/papers/date/2026-02-27">Feb 27, 2026</a>.',
    );
    expect((await get('/papers/date')).headers.location).toBe('/papers');
    const bad = await get('/papers/date?day=2026-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(bad.body).toContain('“2026-02-30” is not a calendar day: pick one, or type it as YYYY-MM-DD');
  });

  it('puts pagers at the top and bottom of long lists, and sends a page past the end to the last', async () => {
    const first = (await get('/papers/month/2026-01')).body;
    expect(first.match(/<nav class="page-nav page-nav-(top|bottom)" aria-label="[^"]+">/g)).toEqual([
      '<nav class="page-nav page-nav-top" aria-label="Pages">',
      '<nav class="page-nav page-nav-bottom" aria-label="Pages, bottom">',
    ]);
    expect(first.match(/Page 1 of 2/g)).toHaveLength(2);
    const second = (await get('/papers/month/2026-01?p=2')).body;
    expect(second.match(/Page 2 of 2/g)).toHaveLength(2);
    for (const [url, last] of [
      ['/papers/month/2026-01?p=3', '/papers/month/2026-01?p=2'],
      ['/papers/week/2026-W03?p=100', '/papers/week/2026-W03?p=2'],
      ['/papers/week/2026-W09?p=2', '/papers/week/2026-W09'],
      // Nothing was upvoted or commented on in the last 7 days: trending is one empty page.
      ['/papers/trending?p=9', '/papers/trending'],
      ['/papers?q=busy&p=7', '/papers?q=busy&p=2'],
    ]) {
      const res = await get(url!);
      expect(res.statusCode, url).toBe(302);
      expect(res.headers.location, url).toBe(last);
    }
    const search = (await get('/papers?q=busy')).body;
    expect(search.match(/Page 1 of 2/g)).toHaveLength(2);
    expect(search).toContain('<a href="/papers?q=busy&amp;p=2">Next page</a>');
  });
});
