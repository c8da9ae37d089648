/**
 * Searches while the keyword index is (re)built: an import large enough to rebuild the index
 * does not make searches wait — they answer from the previous index until the new one lands —
 * and at start-up `/readyz` says 503 until the first index answers (the whole archive here: it
 * is smaller than the newest-first index, test/web/search-indexing.test.ts), then 200.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperRecord, type PaperRecord } from '../../src/core/paper.ts';
import { pino } from 'pino';
import { SearchIndex, searchPapers } from '../../src/search/index.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { buildTestServer } from '../support/web-server.ts';
import { NOW, testConfig } from '../web/fixtures.ts';

/** More than the index patches in place (5,000 changes): this many new papers rebuild it. */
const IMPORTED = 6_000;
const logger = pino({ level: 'silent' });

function papers(from: number, count: number, word: string): PaperRecord[] {
  return Array.from({ length: count }, (_, i) =>
    paperRecord({
      id: `2605.${String(from + i).padStart(5, '0')}`,
      title: `${word} study number ${from + i}`,
      abstract: `An abstract about ${word} and indexing, paper ${from + i}.`,
      authors: [`Author ${i % 50}`],
      categories: ['cs.IR'],
      publishedAt: '2026-05-01T00:00:00.000Z',
    }),
  );
}

describe.each(DIALECTS)('searching while the index rebuilds, on %s', (dialect) => {
  let store: TestStore;
  let searchIndex: SearchIndex;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    searchIndex = new SearchIndex(store, { logger });
    await savePapers(store, papers(0, 300, 'earlier'), { feedCategories: [], now: NOW });
  });
  afterAll(async () => {
    await store.close();
  });

  const count = async (word: string) => (await searchPapers(searchIndex, { q: word, limit: 5 })).total;

  it('answers from the previous index while an import rebuilds it, then from the new one', async () => {
    expect(await count('earlier')).toBe(300);
    await savePapers(store, papers(1_000, IMPORTED, 'imported'), { feedCategories: [], now: NOW });

    // The rebuild runs in the background: this search does not wait for it.
    expect(await count('imported')).toBe(0);
    expect(await count('earlier')).toBe(300);

    let seen = 0;
    for (let i = 0; i < 200 && seen === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await count('imported');
    }
    expect(seen).toBe(IMPORTED);
    expect(await count('earlier')).toBe(300);
  });

  it('says 503 on /readyz while the first index is being built at start-up, then 200', async () => {
    const firstIndex = new SearchIndex(store, { logger });
    const app = await buildTestServer({ config: testConfig(), store, searchIndex: firstIndex });
    const building = firstIndex.current();
    const starting = await app.inject({ url: '/readyz' });
    expect(starting.statusCode).toBe(503);
    expect(starting.json()).toStrictEqual({ status: 'starting', error: 'the search index is still being built' });
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    await building;
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toStrictEqual({ status: 'ok' });
    await app.close();
  });
});
