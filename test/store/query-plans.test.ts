/**
 * The hot reads use an index, on both stores: each query a route runs is recorded as the store
 * sends it, then explained. On SQLite no plan may scan a table that grows with the hub whole, nor
 * walk one of its indexes end to end (test/support/query-plans.ts wholeReads); on
 * PostgreSQL, with sequential scans priced out (`enable_seqscan = off`), none may still read one
 * sequentially — which it does only when no index can serve (test/support/query-plans.ts judges).
 * test/web/query-plans.test.ts does the same for every read route. A dropped or missing index fails
 * here, on a test database of a few rows, not in production at a million.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/connect.ts';
import { addFeedEntries, feedPage } from '../../src/store/feed.ts';
import { getPaper, listPapers } from '../../src/store/papers.ts';
import { allEngagementRows, trendingPlace } from '../../src/store/trending.ts';
import { recording, wholeReads } from '../support/query-plans.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { seedSearchCorpus } from '../search/fixtures.ts';

describe.each(DIALECTS)('query plans of the hot reads, on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await seedSearchCorpus(store);
    // One paper ranked on a feed, with source upvotes in the trending window, so its place on the
    // list is counted (the papers above it), not only looked up.
    const entry = { paperId: '2601.00001', day: '2026-03-02', source: 'rule' as const, rank: null, submittedBy: null };
    await addFeedEntries(store.db, [entry], new Date('2026-03-02T12:00:00.000Z'));
    await store.db.updateTable('papers').set({ source_upvotes: 3, trending: 1 }).where('id', '=', entry.paperId).execute();
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
    // Every feed day, narrowed to the papers with engagement in the window: at a million papers
    // SQLite walked the whole papers table (its papers_visible index) and probed each for a feed entry.
    [
      'the trending list',
      (s) =>
        feedPage(s, {
          range: null,
          order: 'trending',
          engagedSince: new Date('2026-03-01T00:00:00.000Z'),
          offset: 0,
          limit: 30,
        }),
    ],
    ["a paper's place on the trending list", (s) => trendingPlace(s, '2601.00001', new Date('2026-03-01T00:00:00.000Z'))],
  ];

  it.each(reads)('%s reads through an index', async (_what, read) => {
    const recorded = recording(store);
    await read(recorded.store);
    const queries = recorded.take();
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      const scans = await wholeReads(store, query);
      expect({ sql: query.sql, scans }).toEqual({ sql: query.sql, scans: [] });
    }
  });

  // The recompute reads every vote and comment by design (a few per paper on a feed), and the two
  // partial indexes hold just the papers it wants; the papers table itself is read by id only (as
  // one OR it read every paper at start-up: 1.75 s at a million on SQLite).
  it("the trending recompute's papers read through indexes", async () => {
    const recorded = recording(store);
    await allEngagementRows(recorded.store);
    const papers = recorded.take().filter((query) => query.sql.includes('feed_entries'));
    expect(papers).toHaveLength(1);
    const wholeByDesign = /USING (COVERING )?INDEX (papers_source_upvoted|papers_engagement_level|votes_\w+|comments_\w+)$/;
    const scans = (await wholeReads(store, papers[0]!)).filter((scan) => !wholeByDesign.test(scan));
    expect({ sql: papers[0]!.sql, scans }).toEqual({ sql: papers[0]!.sql, scans: [] });
  });
});
