/**
 * The daily page holds still while it loads: Chromium's layout-shift entries (what Lighthouse's
 * cumulative layout shift adds up) stay under 0.01 at 1280 and 390 px. A browser paints what it
 * has of a page before the rest has arrived, so the page is sent through a relay that hands the
 * browser its HTML a few hundred bytes at a time: any part that moves when a later part comes in
 * (a thumbnail narrowing the card's text, a header item pushing the ones before it) is counted.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperRecord } from '../../src/core/paper.ts';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage } from '../support/chromium.ts';
import { useBrowserHub } from './browser-hub.ts';
import { saveFixtures } from './fixtures.ts';

const NOW = new Date('2026-03-02T12:00:00Z');
/** Small pieces, far enough apart for Chromium to paint between them. */
const PIECE_BYTES = 256;
const PIECE_PAUSE_MS = 20;
const MOST_SHIFT = 0.01;

const SENTENCE = 'Long-context modelling is crucial for next-generation language models, yet attention is costly. ';
/** Cards as long as real ones (titles over two lines, an abstract, three categories), on the fixtures' latest day. */
const LONG_CARDS = Array.from({ length: 4 }, (_, i) =>
  paperRecord({
    id: `2603.0050${i}`,
    title: `Native Sparse Attention ${i}: Hardware-Aligned and Natively Trainable Sparse Attention for Long-Context Modelling at Scale`,
    abstract: SENTENCE.repeat(3),
    authors: ['Zhenda Xie', 'Lean Wang', 'Huazuo Gao', 'Wangding Zeng'],
    categories: ['cs.CL', 'cs.AI', 'cs.LG'],
    publishedAt: '2026-03-01T17:00:00.000Z',
    sourceUpvotes: 90 - i,
    feed: { day: '2026-03-02', rank: 10 + i, submittedBy: null },
  }),
);

/** A server in front of `origin` that passes everything on, and HTML in pieces. */
function slowHtmlRelay(origin: string): Server {
  return createServer((request, response) => {
    void (async () => {
      const upstream = await fetch(`${origin}${request.url}`, { headers: { 'accept-encoding': 'identity' } });
      const body = Buffer.from(await upstream.arrayBuffer());
      const type = upstream.headers.get('content-type') ?? '';
      response.writeHead(upstream.status, {
        'content-type': type,
        'content-security-policy': upstream.headers.get('content-security-policy') ?? '',
      });
      if (!type.startsWith('text/html')) return response.end(body);
      for (let at = 0; at < body.length; at += PIECE_BYTES) {
        response.write(body.subarray(at, at + PIECE_BYTES));
        await new Promise((resolve) => setTimeout(resolve, PIECE_PAUSE_MS));
      }
      response.end();
    })();
  });
}

describe('the daily page while it loads, in Chromium', () => {
  const problems: string[] = [];
  const hub = useBrowserHub('dp-layout-shift-browser-', NOW, (store) => saveFixtures(store, LONG_CARDS));
  let relay: Server;
  let relayOrigin: string;
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium({ scrollbars: true });
    relay = slowHtmlRelay(hub.origin);
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    relayOrigin = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => relay?.close(() => resolve()));
  });

  // A desktop's scrollbar takes room; a phone's is drawn over the page.
  it.each([
    [1280, 900, false],
    [390, 844, true],
  ])('moves less than 0.01 at %i px', { timeout: 60_000 }, async (width, height, isMobile) => {
    const { context, page } = await openPage(browser, problems, { viewport: { width, height }, isMobile });
    await page.goto(`${relayOrigin}/papers`, { waitUntil: 'load' });
    // Every shift since the page began, each with the elements that moved, for the failure message.
    const shifts = await page.evaluate(
      () =>
        new Promise<{ value: number; moved: string[] }[]>((resolve) => {
          const seen: PerformanceEntry[] = [];
          const observer = new PerformanceObserver((list) => seen.push(...list.getEntries()));
          observer.observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => {
            seen.push(...observer.takeRecords());
            observer.disconnect();
            type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources: { node: Node | null }[] };
            resolve(
              (seen as Shift[])
                .filter((shift) => !shift.hadRecentInput)
                .map((shift) => ({
                  value: shift.value,
                  moved: shift.sources.map((source) =>
                    source.node instanceof Element ? source.node.outerHTML.slice(0, 80) : String(source.node?.nodeName),
                  ),
                })),
            );
          }, 300);
        }),
    );
    const total = shifts.reduce((sum, shift) => sum + shift.value, 0);
    expect(total, JSON.stringify(shifts, null, 1)).toBeLessThan(MOST_SHIFT);
    // The page did arrive whole: its cards and the footer after them.
    expect(await page.locator('article.card').count()).toBe(7);
    expect(await page.locator('.site-footer').count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
