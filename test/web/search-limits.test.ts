import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/search/index.ts';
import { buildTestServer } from '../support/web-server.ts';
import { SEARCHES_AT_ONCE, SEARCHES_PER_CLIENT, type SearchLimits } from '../../src/web/search-limits.ts';
import { Gate } from '../support/gate.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { saveFixtures, testConfig, THREE_DAYS } from './fixtures.ts';

/**
 * An embedder that answers only when the test lets it: a search holds its place while it
 * waits, so the test decides exactly how many searches are running at once.
 */
class GatedEmbedder extends Gate implements Embedder {
  readonly id = 'gated';
  readonly dimensions = 2;

  embed(texts: string[]): Promise<Float32Array[]> {
    return this.hold(() => texts.map(() => Float32Array.of(1, 0)));
  }
}

describe.each(DIALECTS)('search concurrency per client, %s', (dialect) => {
  let store: TestStore;
  let app: FastifyInstance;
  const embedder = new GatedEmbedder();
  // Short waits keep the suite quick; the test of the waits below sets its own.
  const QUICK: Partial<SearchLimits> = { waitMs: 30, refusalDelayMs: 10 };

  const serve = (searchLimits: Partial<SearchLimits>) =>
    buildTestServer({
      config: testConfig({ TRUST_PROXY: 'true' }),
      store,
      logger: pino({ level: 'silent' }),
      responseCacheSeconds: 0,
      semantic: { embedder, timeoutMs: 60_000 },
      searchLimits,
    });

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await saveFixtures(store, THREE_DAYS);
    app = await serve(QUICK);
  });
  afterAll(async () => {
    embedder.releaseAll();
    await app.close();
    await store.close();
  });

  const search = (client: string, url = '/api/papers/search?q=routing', server = app) =>
    server.inject({ url, headers: { 'x-forwarded-for': client } });

  it('answers a client over its share 429 with Retry-After, while other clients search on', async () => {
    const flooder = '198.51.100.7';
    const first = [1, 2, 3, 4, 5].map(() => search(flooder));
    await embedder.until(SEARCHES_PER_CLIENT);
    // Give every request of the flood time to reach its hook: the rest are refused, not run.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(embedder.pending).toBe(SEARCHES_PER_CLIENT);

    const page = search(flooder, '/papers?q=routing');
    const refusedPage = await page;
    expect(refusedPage.statusCode).toBe(429);
    expect(refusedPage.headers['retry-after']).toBe('1');
    expect(refusedPage.body).toContain('at most 2 searches at once from one address');
    // A topics chart runs a search per term: it takes a place too.
    for (const topics of ['/papers/topics?terms=routing', '/papers/topics.csv?terms=routing']) {
      expect((await search(flooder, topics)).statusCode, topics).toBe(429);
    }

    const other = search('198.51.100.8');
    await embedder.until(SEARCHES_PER_CLIENT + 1);
    embedder.releaseAll();
    const answers = await Promise.all(first);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 429, 429, 429]);
    const refused = answers.find((a) => a.statusCode === 429)!;
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toEqual({ error: 'at most 2 searches at once from one address; try again in a moment' });
    expect((await other).statusCode).toBe(200);

    // The places are given back: the flooder searches again.
    const again = search(flooder);
    await embedder.until(1);
    embedder.releaseAll();
    expect((await again).statusCode).toBe(200);
  });

  it("holds a client to the server's own share, not to the default as well", async () => {
    // A server given 3 a client: the third runs (a second limiter with the default 2 refused it).
    const roomier = await serve({ ...QUICK, perClient: SEARCHES_PER_CLIENT + 1 });
    try {
      const searches = Array.from({ length: SEARCHES_PER_CLIENT + 1 }, () => search('198.51.100.9', undefined, roomier));
      await Promise.race([embedder.until(SEARCHES_PER_CLIENT + 1), new Promise((resolve) => setTimeout(resolve, 2_000))]);
      expect(embedder.pending).toBe(SEARCHES_PER_CLIENT + 1);
      embedder.releaseAll();
      expect((await Promise.all(searches)).map((a) => a.statusCode)).toEqual(Array(SEARCHES_PER_CLIENT + 1).fill(200));
    } finally {
      embedder.releaseAll();
      await roomier.close();
    }
  });

  it('caps searches server-wide, so many addresses at once cannot take the whole server', async () => {
    const crowd = Array.from({ length: SEARCHES_AT_ONCE }, (_, i) => search(`192.0.2.${i + 1}`));
    await embedder.until(SEARCHES_AT_ONCE);
    const late = await search('192.0.2.200');
    expect(late.statusCode).toBe(429);
    expect(late.headers['retry-after']).toBe('1');
    expect(late.json()).toEqual({ error: 'the server is answering as many searches as it can; try again in a moment' });
    expect((await search('192.0.2.200', '/papers')).statusCode).toBe(200);
    embedder.releaseAll();
    expect((await Promise.all(crowd)).map((a) => a.statusCode)).toEqual(Array(SEARCHES_AT_ONCE).fill(200));
    const after = search('192.0.2.200');
    await embedder.until(1);
    embedder.releaseAll();
    expect((await after).statusCode).toBe(200);
  });

  it('leaves feed pages and other routes out of the count', async () => {
    const flooder = '198.51.100.9';
    const held = [1, 2].map(() => search(flooder));
    await embedder.until(SEARCHES_PER_CLIENT);
    expect((await search(flooder, '/papers')).statusCode).toBe(200);
    expect((await search(flooder, '/api/daily_papers')).statusCode).toBe(200);
    embedder.releaseAll();
    expect((await Promise.all(held)).map((a) => a.statusCode)).toEqual([200, 200]);
  });

  it('lets a search past the cap wait its turn for a place, then refuses it when none comes', async () => {
    const patient = await serve({ waitMs: 60_000, refusalDelayMs: 10 });
    try {
      const crowd = Array.from({ length: SEARCHES_AT_ONCE }, (_, i) => search(`192.0.2.${i + 1}`, undefined, patient));
      await embedder.until(SEARCHES_AT_ONCE);
      const waiting = search('192.0.2.100', undefined, patient);
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(embedder.pending).toBe(SEARCHES_AT_ONCE);
      embedder.releaseAll();
      // The place of a finished search goes to the one that waited: it runs, and is answered.
      await embedder.until(1);
      embedder.releaseAll();
      expect((await waiting).statusCode).toBe(200);
      expect((await Promise.all(crowd)).map((a) => a.statusCode)).toEqual(Array(SEARCHES_AT_ONCE).fill(200));
    } finally {
      embedder.releaseAll();
      await patient.close();
    }

    const hurried = await serve({ waitMs: 150, refusalDelayMs: 200, waiting: 1 });
    try {
      const crowd = Array.from({ length: SEARCHES_AT_ONCE }, (_, i) => search(`192.0.2.${i + 1}`, undefined, hurried));
      await embedder.until(SEARCHES_AT_ONCE);
      const started = Date.now();
      const waited = search('192.0.2.101', undefined, hurried);
      // Only one may wait: the next is refused without waiting for a place (but after the refusal's delay).
      const turnedAway = await search('192.0.2.102', undefined, hurried);
      expect(turnedAway.statusCode).toBe(429);
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      const late = await waited;
      expect(late.statusCode).toBe(429);
      expect(late.headers['retry-after']).toBe('1');
      expect(late.json()).toEqual({ error: 'the server is answering as many searches as it can; try again in a moment' });
      // It waited for a place (150 ms), then its refusal was held until it may try again (200 ms).
      expect(Date.now() - started).toBeGreaterThanOrEqual(340);
      expect(embedder.pending).toBe(SEARCHES_AT_ONCE);
      embedder.releaseAll();
      expect((await Promise.all(crowd)).map((a) => a.statusCode)).toEqual(Array(SEARCHES_AT_ONCE).fill(200));
      const after = search('192.0.2.101', undefined, hurried);
      await embedder.until(1);
      embedder.releaseAll();
      expect((await after).statusCode).toBe(200);
    } finally {
      embedder.releaseAll();
      await hurried.close();
    }
  });
});
