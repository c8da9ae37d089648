/**
 * The pages in a real browser (Debian's Chromium through playwright-core): navigation works
 * without client script, nothing in the data runs as script, and nothing logs an error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, overflow, SCREENSHOTS, watch } from '../support/chromium.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';
import { routing, saveFixtures, testServer, THREE_DAYS } from './fixtures.ts';

describe('pages in Chromium', () => {
  let dir: string;
  let store: TestStore;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const problems: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dp-browser-'));
    store = await openTestStore('sqlite', { sqliteFile: join(dir, 'papers.sqlite') });
    await saveFixtures(store, THREE_DAYS);
    app = await testServer(store);
    origin = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    // Any problem means the page misbehaved: an error, a CSP violation, or a script from the data that ran.
    page = watch(await browser.newPage({ viewport: { width: 1100, height: 900 } }), problems);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('walks from the latest day to the previous one and into a paper, with nothing run from the data', async () => {
    await page.goto(`${origin}/papers`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Mar 2, 2026');
    await expect(page.locator('article.card').count()).resolves.toBe(3);
    // The fixture's "<script>" title is on this page, shown as text.
    await expect(page.getByText('<script>alert(1)</script> Injected title').count()).resolves.toBe(1);

    await page.screenshot({ path: `${SCREENSHOTS}/walk-papers.png`, fullPage: true });

    await page.getByRole('link', { name: 'Previous day' }).click();
    await page.waitForURL(`${origin}/papers/date/2026-02-27`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Feb 27, 2026');
    await expect(page.locator('.card h2').allTextContents()).resolves.toEqual([
      'Scientific Figure Question Answering',
      'Strings on an Old-Style Identifier',
    ]);

    await page.getByRole('link', { name: 'Next day' }).click();
    await page.waitForURL(`${origin}/papers/date/2026-03-02`);
    await page.getByRole('link', { name: 'Sparse Routing for Long Contexts' }).click();
    await page.waitForURL(`${origin}/papers/2603.00010`);
    await expect(page.locator('h1').textContent()).resolves.toBe(routing.title);
    await expect(page.locator('.abstract-full').textContent()).resolves.toBe(routing.abstract);
    await page.screenshot({ path: `${SCREENSHOTS}/walk-paper.png`, fullPage: true });

    await page.goto(`${origin}/papers/2603.00666`);
    await expect(page.locator('h1').textContent()).resolves.toBe('<script>alert(1)</script> Injected title');
    await page.goto(`${origin}/papers/arXiv:hep-th/9901001v1`);
    expect(page.url()).toBe(`${origin}/papers/hep-th/9901001`);

    // The stylesheet applied (a CSP mistake would leave the page unstyled without any other sign).
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(249, 250, 251)');
    expect(problems).toEqual([]);
  });

  it('reads well on a phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await phone.goto(`${origin}/papers`);
      // Nothing is wider than the screen: no sideways scrolling.
      expect(await overflow(phone)).toBe(0);
      await phone.screenshot({ path: `${SCREENSHOTS}/walk-papers-phone.png`, fullPage: true });
    } finally {
      await phone.close();
    }
  });
});
