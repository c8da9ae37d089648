/**
 * The charts in Chromium at 1280 and 390 px: drawn within the CSP (the stylesheet colours
 * them, nothing logs a violation), no wider than the screen, axe-core finds nothing in them,
 * and the topics form works without script.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRENDING } from '../../src/core/trending.ts';
import { signUp } from '../../src/social/accounts.ts';
import { postComment } from '../../src/social/comments.ts';
import { vote } from '../../src/social/votes.ts';
import { axeViolations, openPage, overflow, SCREENSHOTS } from '../support/chromium.ts';
import { useBrowserHub } from './browser-hub.ts';
import { routing } from './fixtures.ts';

const NOW = new Date('2026-03-02T12:00:00Z');
const TOPICS = '/papers/topics?terms=routing,%22long%20contexts%22,cat:cs.CL&from=2026-02&to=2026-03';

/** Each page, its first chart, and the part of the page axe checks (the charts and their words). */
const CHARTED: [string, string, string][] = [
  [`/papers/${routing.id}`, '.trending-why svg[role="img"]', '.trending-why'],
  ['/papers/trending', 'svg.sparkline', '.cards'],
  [TOPICS, 'main svg[role="img"]', 'main'],
];

describe('charts in Chromium', () => {
  const problems: string[] = [];

  async function open(width: number, javaScriptEnabled = true): Promise<Page> {
    const { page } = await openPage(hub.browser, problems, { viewport: { width, height: 900 }, javaScriptEnabled });
    return page;
  }

  const hub = useBrowserHub('dp-charts-browser-', NOW, async (store) => {
    const ana = await signUp(store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    await vote(store, ana, routing.id, true, DEFAULT_TRENDING, new Date('2026-02-28T10:00:00Z'));
    await postComment(store, ana, routing.id, { text: 'Good.' }, DEFAULT_TRENDING, new Date('2026-03-01T10:00:00Z'));
  });

  it.each([1280, 390])(
    'draws each chart at %i px, coloured by the stylesheet, inside the screen, with nothing for axe',
    async (width) => {
      const page = await open(width);
      for (const [path, chart, scope] of CHARTED) {
        expect((await page.goto(`${hub.origin}${path}`))?.status(), path).toBe(200);
        const svg = page.locator(chart).first();
        const box = await svg.boundingBox();
        expect(box?.width, path).toBeGreaterThan(50);
        // A line or bar that the CSP had left unstyled would be black (or not drawn at all).
        const painted = await svg.evaluate((element) => {
          const mark = element.querySelector('path, rect.bar-upvotes')!;
          const style = getComputedStyle(mark);
          return mark.tagName === 'path' ? style.stroke : style.fill;
        });
        expect(painted, path).toBe('rgb(37, 99, 235)');
        // Not wider than the screen (narrower by the scrollbar's room the stylesheet keeps, style.css).
        expect(await overflow(page), path).toBeLessThanOrEqual(0);
        expect(await axeViolations(page, scope), path).toEqual([]);
        await page.screenshot({
          path: `${SCREENSHOTS}/chart-${path.split('?')[0]!.split('/').pop()}-${width}.png`,
          fullPage: true,
        });
      }
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );

  it('charts the terms a person types, without JavaScript', async () => {
    const page = await open(1280, false);
    await page.goto(`${hub.origin}${TOPICS}`);
    await page.fill('input[name=terms]', 'reward,cat:cs.LG');
    await Promise.all([page.waitForURL(/terms=reward%2Ccat%3Acs\.LG/), page.click('.topics-form button')]);
    expect(await page.locator('.legend li').allInnerTexts()).toEqual([
      'reward: 1 paper, most in the week of Feb 23, 2026 (1).',
      'cat:cs.LG: 3 papers, most in the week of Feb 23, 2026 (3).',
    ]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
