import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/search/index.ts';
import { buildTestServer } from '../support/web-server.ts';
import { SEARCHES_AT_ONCE, SEARCHES_PER_CLIENT } from '../../src/web/search-limits.ts';
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

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await saveFixtures(store, THREE_DAYS);
    app = await buildTestServer({
      config: testConfig({ TRUST_PROXY: 'true' }),
      store,
      logger: pino({ level: 'silent' }),
      responseCacheSeconds: 0,
      semantic: { embedder, timeoutMs: 60_000 },
    });
  });
  afterAll(async () => {
    embedder.releaseAll();
    await app.close();
    await store.close();
  });

  const search = (client: string, url = '/api/papers/search?q=routing') =>
    app.inject({ url, headers: { 'x-forwarded-for': client } });

  it('answers a client over its share 429 with Retry-After, while other clients search on', async () => {
    const flooder = '198.51.100.7';
    const first = [1, 2, 3, 4, 5].map(() => search(flooder));
    await embedder.until(SEARCHES_PER_CLIENT);
    // Give every request of the flood time to reach its hook: they are refused at once.
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
});
