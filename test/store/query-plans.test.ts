/**
 * The hot reads use an index, on both stores: each query a route runs is recorded as the store
 * sends it, then explained. On SQLite no plan may scan papers or feed_entries whole; on PostgreSQL,
 * with sequential scans priced out (`enable_seqscan = off`), none may still read papers
 * sequentially (nor feed_entries) — which it does only when no index can serve. A dropped or missing index fails
 * here, on a test database of a few rows, not in production at a million.
 */
import { type CompiledQuery, type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/connect.ts';
import { feedPage } from '../../src/store/feed.ts';
import { getPaper, listPapers } from '../../src/store/papers.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { seedSearchCorpus } from '../search/fixtures.ts';

/** The store, and the queries it sent through it since the last `take()`. */
function recording(store: Store): { store: Store; take(): CompiledQuery[] } {
  let sent: CompiledQuery[] = [];
  const executor = store.db.getExecutor();
  const recorder: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      sent.push(executor.compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return {
    store: { ...store, db: store.db.withPlugin(recorder) },
    take() {
      const out = sent;
      sent = [];
      return out;
    },
  };
}

async function planOf(store: Store, query: CompiledQuery): Promise<string[]> {
  const explain = <R>(db: Store['db'], prefix: string) => db.executeQuery<R>({ ...query, sql: `${prefix} ${query.sql}` });
  if (store.dialect === 'sqlite') {
    return (await explain<{ detail: string }>(store.db, 'EXPLAIN QUERY PLAN')).rows.map((row) => row.detail);
  }
  return store.db.connection().execute(async (db) => {
    await sql`SET enable_seqscan = off`.execute(db);
    try {
      return (await explain<{ 'QUERY PLAN': string }>(db, 'EXPLAIN')).rows.map((row) => row['QUERY PLAN']);
    } finally {
      await sql`RESET enable_seqscan`.execute(db);
    }
  });
}

// A whole-table read of papers or feed_entries (also under their aliases p and f).
const SQLITE_SCAN = /^SCAN (papers|p|feed_entries|f)\b(?! USING)/;
const POSTGRES_SCAN = /Seq Scan on (papers|feed_entries)\b/;

describe.each(DIALECTS)('query plans of the hot reads, on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await seedSearchCorpus(store);
  });
  afterAll(async () => store.close());

  const reads: [string, (store: Store) => Promise<unknown>][] = [
    [
      'the cursor listing at a deep cursor',
      (s) => listPapers(s, { after: { publishedAt: '2026-01-20T00:00:00.000Z', id: '2601.00004' }, limit: 50 }),
    ],
    ['a paper by id', (s) => getPaper(s, '2601.00001')],
    [
      'a day of the feed by upvotes',
      (s) => feedPage(s, { range: { from: '2026-03-02', to: '2026-03-02' }, order: 'upvotes', offset: 0, limit: 50 }),
    ],
    [
      'a week of the feed by trending',
      (s) => feedPage(s, { range: { from: '2026-03-02', to: '2026-03-08' }, order: 'trending', offset: 0, limit: 50 }),
    ],
  ];

  it.each(reads)('%s reads through an index', async (_what, read) => {
    const recorded = recording(store);
    await read(recorded.store);
    const queries = recorded.take();
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      const plan = await planOf(store, query);
      const scans = plan.filter((line) => (dialect === 'sqlite' ? SQLITE_SCAN : POSTGRES_SCAN).test(line));
      expect({ sql: query.sql, scans }).toEqual({ sql: query.sql, scans: [] });
    }
  });
});
