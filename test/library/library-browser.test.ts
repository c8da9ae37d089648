/**
 * The library in Chromium: Save on the paper page, the Cite menu (the text to copy and a
 * download), the import form with a real file input, and no console error or CSP violation.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../../src/social/accounts.ts';
import { launchChromium, logIn, openPage } from '../support/chromium.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';
import { NOW, rewards, routing, saveFixtures, testServer } from '../web/fixtures.ts';

describe('the library in Chromium', () => {
  let store: TestStore;
  let app: FastifyInstance;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    store = await openTestStore('sqlite');
    await saveFixtures(store, [routing, rewards]);
    await signUp(store, { email: 'reader@example.org', password: 'reader password', displayName: 'Reader' }, NOW);
    app = await testServer(store);
    origin = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = (await openPage(browser, problems, { acceptDownloads: true })).page;
    await logIn(page, origin, 'reader@example.org', 'reader password');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  it('saves a paper from its page and cites it: text to copy, and a download', async () => {
    await page.goto(`${origin}/papers/2603.00010`);
    await Promise.all([page.waitForURL(`${origin}/papers/2603.00010`), page.click('form.save-button button')]);
    expect(await page.textContent('form.save-button button')).toBe('Saved ✓');

    expect(await page.isVisible('details.cite pre')).toBe(false);
    await page.click('details.cite summary');
    const bibtex = await page.locator('details.cite pre').first().textContent();
    expect(bibtex).toContain('@misc{lima2026sparse,\n  title = {Sparse Routing for Long Contexts},');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('details.cite a[href$="format=ris"]')]);
    const ris = await readFile((await download.path())!, 'utf8');
    expect(ris.startsWith('TY  - GEN\r\nTI  - Sparse Routing for Long Contexts\r\n')).toBe(true);
  });

  it('imports a file chosen in the form and shows what it did', async () => {
    await page.goto(`${origin}/library`);
    await page.setInputFiles('form[action="/library/import"] input[type=file]', {
      name: 'scholar.bib',
      mimeType: 'application/x-bibtex',
      buffer: Buffer.from(
        '@article{vogel, title={Reward models that explain themselves}, journal={arXiv preprint arXiv:2603.00011}}\n' +
          '@book{other, title={A Book}}\n',
      ),
    });
    await Promise.all([page.waitForURL(`${origin}/library/import`), page.click('form[action="/library/import"] button')]);
    expect(await page.textContent('[role=status] p')).toBe(
      '2 entries read (BibTeX): 1 matched, 1 newly saved, 0 already in your library, 1 not found on this hub, 0 unreadable.',
    );
    const saved = await page.locator('.library-entry h3').allTextContents();
    expect(saved.sort()).toEqual(['Reward Models That Explain Themselves', 'Sparse Routing for Long Contexts']);
    expect(problems).toEqual([]);
  });
});
