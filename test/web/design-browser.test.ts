/**
 * The interface in Chromium: the member's header, the keyboard shortcuts, the density toggle
 * (with and without script), relative times, the dark theme's contrast, and every community
 * flow with JavaScript turned off (vote from a list, comment, reply, subscribe, search filters).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRENDING } from '../../src/core/trending.ts';
import { signUp } from '../../src/social/accounts.ts';
import { postComment } from '../../src/social/comments.ts';
import { axeViolations, logIn, openPage, overflow } from '../support/chromium.ts';
import { useBrowserHub } from './browser-hub.ts';
import { routing } from './fixtures.ts';

const NOW = new Date('2026-03-02T12:00:00Z');
const ANA = { email: 'ana@example.org', password: 'ana password' };

describe('the interface in Chromium', () => {
  const problems: string[] = [];

  const hub = useBrowserHub('dp-design-browser-', NOW, async (store) => {
    const ana = await signUp(store, { ...ANA, displayName: 'Ana' }, NOW);
    await postComment(store, ana, routing.id, { text: 'Three hours old.' }, DEFAULT_TRENDING, new Date('2026-03-02T09:00:00Z'));
  });

  it('names the member in the header, with Settings and Log out, on every page', async () => {
    const { context, page } = await openPage(hub.browser, problems, { viewport: { width: 1280, height: 800 } });
    await logIn(page, hub.origin, ANA.email, ANA.password);
    for (const path of ['/papers', `/papers/${routing.id}`, '/papers/trending', '/subscribe']) {
      await page.goto(`${hub.origin}${path}`);
      const nav = page.locator('.site-nav');
      expect(await nav.locator('.member-name').innerText(), path).toBe('Ana');
      expect(await nav.getByRole('link', { name: 'Settings' }).count(), path).toBe(1);
      expect(await nav.getByRole('link', { name: 'Log in' }).count(), path).toBe(0);
    }
    // One row at 1280 px: the brand, the search button and Log out share a line.
    const tops = await Promise.all(
      ['.brand', '.site-search button', '.logout-form button'].map(async (selector) =>
        Math.round((await page.locator(selector).boundingBox())!.y + (await page.locator(selector).boundingBox())!.height / 2),
      ),
    );
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(8);
    await Promise.all([page.waitForURL(`${hub.origin}/papers`), page.locator('.logout-form button').click()]);
    expect(await page.locator('.site-nav').getByRole('link', { name: 'Log in' }).count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('fits the header to the window at every width between phone and desktop, visitor and member', async () => {
    const widths = [701, 768, 820, 900, 1024, 1100];
    for (const member of [false, true]) {
      const { context, page } = await openPage(hub.browser, problems, { viewport: { width: 1280, height: 800 } });
      if (member) await logIn(page, hub.origin, ANA.email, ANA.password);
      const wider: string[] = [];
      for (const width of widths) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${hub.origin}/papers`);
        const extra = await overflow(page);
        if (extra > 0) wider.push(`${member ? 'member' : 'visitor'} at ${width} px: ${extra} px wider`);
      }
      expect(wider).toEqual([]);
      // From a laptop's width up, everything stays on one row (the tagline shows only where it fits).
      const lastInRow = member ? '.logout-form button' : '.site-nav a:last-child';
      for (const width of [1280, 1440, 1920]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${hub.origin}/papers`);
        const middles = await Promise.all(
          ['.brand', '.site-search button', lastInRow].map(async (selector) => {
            const box = (await page.locator(selector).boundingBox())!;
            return Math.round(box.y + box.height / 2);
          }),
        );
        expect(Math.max(...middles) - Math.min(...middles), `${member ? 'member' : 'visitor'} at ${width} px`).toBeLessThan(8);
      }
      await context.close();
    }
    expect(problems).toEqual([]);
  });

  it('leaves the first paper on a phone’s first screen', async () => {
    const { context, page } = await openPage(hub.browser, problems, { viewport: { width: 390, height: 844 } });
    await page.goto(`${hub.origin}/papers`);
    const title = (await page.locator('.card h2').first().boundingBox())!;
    expect(title.y + title.height).toBeLessThan(844);
    await context.close();
  });

  it('moves, opens, upvotes, pages and searches from the keyboard, and shows the shortcuts on ?', async () => {
    const { context, page } = await openPage(hub.browser, problems, { viewport: { width: 1280, height: 600 } });
    await logIn(page, hub.origin, ANA.email, ANA.password);
    const focusedCard = () => page.evaluate(() => document.activeElement?.id ?? null);
    await page.keyboard.press('j');
    expect(await focusedCard()).toBe('paper-2603.00010');
    await page.keyboard.press('j');
    expect(await focusedCard()).toBe('paper-2603.00011');
    await page.keyboard.press('k');
    expect(await focusedCard()).toBe('paper-2603.00010');
    // u upvotes in place (upvote.js), so the page stays where it is.
    const count = page.locator('article[id="paper-2603.00010"] .upvotes');
    await page.keyboard.press('u');
    await expect.poll(() => count.innerText()).toBe('43');
    expect(page.url()).toBe(`${hub.origin}/papers`);
    await page.keyboard.press('u');
    await expect.poll(() => count.innerText()).toBe('42');
    await Promise.all([page.waitForURL(`${hub.origin}/papers/${routing.id}`), page.keyboard.press('o')]);
    await page.goto(`${hub.origin}/papers`);
    await Promise.all([page.waitForURL(`${hub.origin}/papers/date/2026-02-27`), page.keyboard.press('ArrowLeft')]);
    await Promise.all([page.waitForURL(`${hub.origin}/papers/date/2026-03-02`), page.keyboard.press('ArrowRight')]);
    // `/` focuses the search box, and keys typed there are text, not shortcuts.
    await page.keyboard.press('/');
    await page.keyboard.type('jk');
    expect(await page.inputValue('.site-search input')).toBe('jk');
    expect(page.url()).toBe(`${hub.origin}/papers/date/2026-03-02`);
    await page.locator('.site-search input').blur();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.locator('dt').allInnerTexts()).toEqual(['j / k', 'o', 'u', '← / →', '/', '?']);
    // The skip link is the first stop of the Tab key and leads past the header.
    await page.keyboard.press('Escape');
    await page.goto(`${hub.origin}/papers`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');
    expect(problems).toEqual([]);
    await context.close();
  });

  it.each([true, false])('remembers titles only, with JavaScript %s', async (javaScriptEnabled) => {
    const { context, page } = await openPage(hub.browser, problems, { javaScriptEnabled });
    await page.goto(`${hub.origin}/papers/week/2026-W10`);
    expect(await page.locator('.card .abstract').count()).toBe(3);
    await Promise.all([
      page.waitForURL(`${hub.origin}/papers/week/2026-W10`),
      page.getByRole('button', { name: 'Titles only' }).click(),
    ]);
    expect(await page.locator('.card .abstract').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Titles only' }).getAttribute('aria-pressed')).toBe('true');
    await page.goto(`${hub.origin}/papers/trending`);
    expect(await page.locator('.card .abstract').count()).toBe(0);
    await page.getByRole('button', { name: 'With abstracts' }).click();
    await page.waitForURL(`${hub.origin}/papers/trending`);
    expect(await page.locator('.card .abstract').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('says how long ago a comment was, with the exact time beside it', async () => {
    const { context, page } = await openPage(hub.browser, problems);
    await page.goto(`${hub.origin}/papers/${routing.id}`);
    const time = page.locator('.comment .meta time').first();
    expect(await time.innerText()).toBe('3 hours ago');
    expect(await time.getAttribute('datetime')).toBe('2026-03-02T09:00:00.000Z');
    expect(await time.getAttribute('title')).toBe('Mar 2, 2026, 09:00 UTC');
    await context.close();
  });

  it('keeps every text readable in the dark theme', async () => {
    const { context, page } = await openPage(hub.browser, problems, { colorScheme: 'dark' });
    await logIn(page, hub.origin, ANA.email, ANA.password);
    for (const path of ['/papers', `/papers/${routing.id}`, '/papers?q=routing&category=cs.CL', '/papers/topics', '/settings']) {
      await page.goto(`${hub.origin}${path}`);
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), path).toBe('rgb(11, 17, 32)');
      expect(await axeViolations(page), path).toEqual([]);
    }
    await context.close();
  });

  it('votes, comments, replies, subscribes and searches with JavaScript off', async () => {
    const { context, page } = await openPage(hub.browser, problems, { javaScriptEnabled: false });
    await logIn(page, hub.origin, ANA.email, ANA.password);
    await page.goto(`${hub.origin}/papers/week/2026-W10`);
    const card = page.locator('article[id="paper-2603.00011"]');
    await Promise.all([page.waitForURL(/#paper-2603\.00011$/), card.locator('.upvote-form button').click()]);
    expect(await card.locator('.upvotes').innerText()).toBe('8');

    await page.goto(`${hub.origin}/papers/${routing.id}`);
    await page.fill('.discussion > .comment-form textarea', 'A **new** comment.');
    await Promise.all([page.waitForLoadState('load'), page.click('.discussion > .comment-form button')]);
    expect(await page.locator('.comment-body').allInnerTexts()).toContain('A new comment.');
    const first = page.locator('.discussion > .comment').first();
    await first.locator('details.reply summary').click();
    await first.locator('details.reply textarea').fill('A reply, without script.');
    await Promise.all([page.waitForLoadState('load'), first.locator('details.reply button').click()]);
    expect(await page.locator('.discussion > .comment').first().locator('.replies .comment-body').allInnerTexts()).toEqual([
      'A reply, without script.',
    ]);

    await page.goto(`${hub.origin}/subscribe`);
    await page.fill('.subscribe-form input[name=email]', 'reader@example.org');
    await Promise.all([page.waitForLoadState('load'), page.click('.subscribe-form button')]);
    expect(await page.locator('h1').innerText()).toBe('Check your inbox');
    expect(hub.outbox().some((mail) => mail.includes('reader@example.org'))).toBe(true);

    await page.goto(`${hub.origin}/papers?q=routing`);
    await page.fill('.search-filters input[name=category]', 'cs.LG');
    await page.selectOption('.search-filters select[name=hasCode]', 'true');
    await Promise.all([page.waitForURL(/hasCode=true/), page.click('.search-filters button')]);
    expect(await page.locator('.card h2').allInnerTexts()).toEqual([routing.title]);
    expect(await page.locator('.card mark.category.matched').allInnerTexts()).toEqual(['cs.LG']);
    expect(problems).toEqual([]);
    await context.close();
  });
});
