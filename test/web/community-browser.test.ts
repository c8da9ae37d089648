/**
 * The community pages in Chromium: the OWASP XSS examples as comments, a display name and a
 * submitted title stay inert text (no script runs, no dialog opens), and the upvote button
 * works with its script (no reload, the scroll position kept) and without any script (a form
 * post that comes back to the card), on paper pages and on lists.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../src/ingest/testdata/live/test-server.ts';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { launchChromium, logIn, openPage } from '../support/chromium.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';
import { OWASP_XSS } from '../support/xss.ts';
import { communityServer, startArxiv } from './community-fixtures.ts';
import { saveFixtures, THREE_DAYS } from './fixtures.ts';

const NAME = '<img src=x onerror=alert("name")>';
const now = new Date('2026-03-02T12:00:00Z');

describe('community pages in Chromium', () => {
  let dir: string;
  let store: TestStore;
  let arxiv: TestServer;
  let app: FastifyInstance;
  let origin: string;
  let browser: Browser;
  const problems: string[] = [];

  async function memberPage(options: { javaScriptEnabled: boolean }): Promise<{ context: BrowserContext; page: Page }> {
    const { context, page } = await openPage(browser, problems, options);
    await logIn(page, origin, 'xss@example.org', 'xss password');
    return { context, page };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dp-community-browser-'));
    store = await openTestStore('sqlite', { sqliteFile: join(dir, 'papers.sqlite') });
    await saveFixtures(store, THREE_DAYS);
    arxiv = await startArxiv();
    ({ app } = await communityServer(store, arxiv.url));
    origin = await app.listen({ host: '127.0.0.1', port: 0 });
    const member = await signUp(store, { email: 'xss@example.org', password: 'xss password', displayName: NAME }, now);
    const { token } = await createApiToken(store, member.id, 'test', now);
    const post = (url: string, body: unknown) =>
      app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    for (const attack of OWASP_XSS)
      expect((await post('/api/papers/2603.00010/comments', { text: attack })).statusCode).toBe(201);
    // The arXiv fixture's title is `A <script>alert(1)</script> Fresh Result`; it lands on today's feed.
    expect((await post('/api/daily_papers', { arxivId: '2602.01234' })).statusCode).toBe(201);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await arxiv?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows every attack as text on the paper, trending, moderation and settings pages', async () => {
    const { context, page } = await memberPage({ javaScriptEnabled: true });
    for (const path of ['/papers/2603.00010', '/papers/2602.01234', '/papers/trending', '/moderation', '/settings', '/papers']) {
      const response = await page.goto(`${origin}${path}`);
      expect(response?.status(), path).toBe(200);
    }
    await page.goto(`${origin}/papers/2603.00010`);
    const texts = await page.locator('.comment-body').allInnerTexts();
    expect(texts).toContain('<script>alert(1)</script>');
    expect(texts).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('.comment .meta strong').first().innerText()).toBe(NAME);
    // Nothing from the data became an element that could run script.
    expect(
      await page
        .locator(
          '.discussion script, .discussion img, .discussion svg, .discussion iframe, .discussion [onerror], .discussion [onload]',
        )
        .count(),
    ).toBe(0);
    expect(await page.locator('.discussion a[href^="javascript:" i], .discussion a[href^="data:" i]').count()).toBe(0);
    await page.goto(`${origin}/papers/2602.01234`);
    expect(await page.locator('h1.paper-title').innerText()).toBe('A <script>alert(1)</script> Fresh Result');
    await page.goto(`${origin}/papers`);
    expect(await page.locator('.card h2 a', { hasText: 'Fresh Result' }).innerText()).toBe(
      'A <script>alert(1)</script> Fresh Result',
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  it('upvotes with the script, without reloading the page', async () => {
    const { context, page } = await memberPage({ javaScriptEnabled: true });
    await page.goto(`${origin}/papers/2603.00011`);
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    const count = page.locator('.upvote-form .upvotes');
    expect(await count.innerText()).toBe('7');
    await page.click('.upvote-form button');
    await expect.poll(() => count.innerText()).toBe('8');
    expect(await page.getAttribute('.upvote-form button', 'aria-pressed')).toBe('true');
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await page.click('.upvote-form button');
    await expect.poll(() => count.innerText()).toBe('7');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('upvotes without any script, by a form post', async () => {
    const { context, page } = await memberPage({ javaScriptEnabled: false });
    await page.goto(`${origin}/papers/2603.00011`);
    await Promise.all([page.waitForLoadState('load'), page.click('.upvote-form button')]);
    await page.waitForURL(`${origin}/papers/2603.00011`);
    expect(await page.locator('.upvote-form .upvotes').innerText()).toBe('8');
    expect(await page.getAttribute('.upvote-form button', 'aria-pressed')).toBe('true');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('upvotes from a list in place with the script, keeping the scroll position', async () => {
    const { context, page } = await memberPage({ javaScriptEnabled: true });
    await page.setViewportSize({ width: 390, height: 500 });
    await page.goto(`${origin}/papers/week/2026-W10`);
    const card = page.locator('article[id="paper-2603.00010"]');
    const count = card.locator('.upvotes');
    // Scroll so the card is not at the top: a reload or a jump would move the page.
    await page.evaluate(() => window.scrollTo(0, 400));
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(0);
    expect(await count.innerText()).toBe('42');
    await card.locator('.upvote-form button').click();
    await expect.poll(() => count.innerText()).toBe('43');
    expect(await card.locator('.upvote-form button').getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
    expect(page.url()).toBe(`${origin}/papers/week/2026-W10`);
    await card.locator('.upvote-form button').click();
    await expect.poll(() => count.innerText()).toBe('42');
    expect(await card.locator('.upvote-form button').getAttribute('aria-pressed')).toBe('false');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('upvotes from a list without any script and comes back to the card', async () => {
    const { context, page } = await memberPage({ javaScriptEnabled: false });
    await page.setViewportSize({ width: 390, height: 400 });
    await page.goto(`${origin}/papers/week/2026-W10`);
    const card = page.locator('article[id="paper-2603.00666"]');
    expect(await card.locator('.upvotes').innerText()).toBe('3');
    await Promise.all([
      page.waitForURL(`${origin}/papers/week/2026-W10#paper-2603.00666`),
      card.locator('.upvote-form button').click(),
    ]);
    expect(await card.locator('.upvotes').innerText()).toBe('4');
    expect(await card.locator('.upvote-form button').getAttribute('aria-pressed')).toBe('true');
    // The browser scrolled down to the card the vote came from.
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    const top = await card.evaluate((element) => element.getBoundingClientRect().top);
    expect(top).toBeGreaterThan(-1); // sub-pixel rounding
    expect(top).toBeLessThan(400);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('sends a reader to log in from a list and back to the card', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${origin}/papers/month/2026-03`);
    // The card's upvote button submits the list's one login form, with the card's paper.
    await Promise.all([
      page.waitForURL(`${origin}/login?next=%2Fpapers%2Fmonth%2F2026-03&card=2603.00011`),
      page.locator('article[id="paper-2603.00011"] button[form="vote"]').click(),
    ]);
    await page.fill('form[action="/login"] input[name=email]', 'xss@example.org');
    await page.fill('form[action="/login"] input[name=password]', 'xss password');
    await Promise.all([
      page.waitForURL(`${origin}/papers/month/2026-03#paper-2603.00011`),
      page.click('form[action="/login"] button'),
    ]);
    expect(await page.locator('article[id="paper-2603.00011"] .upvote-form button').count()).toBe(1);
    await context.close();
  });
});
