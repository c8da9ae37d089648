import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperRecord } from '../../src/core/paper.ts';
import { DEFAULT_TRENDING } from '../../src/core/trending.ts';
import { explainTrending, recomputeTrending } from '../../src/rank/trending.ts';
import { vote } from '../../src/social/votes.ts';
import { insertUser, type User } from '../../src/store/accounts.ts';
import { feedPage } from '../../src/store/feed.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

// H = 48 h from 2020-01-01: 2020-01-03 is one half-life (x = 1), 2020-01-05 two (x = 2).
const settings = DEFAULT_TRENDING;
const day1 = new Date('2020-01-03T00:00:00.000Z');
const day2 = new Date('2020-01-05T00:00:00.000Z');
const feed = { day: '2020-01-03', rank: null, submittedBy: null };
const papers = [
  paperRecord({ id: '2001.00001', title: 'A', categories: ['cs.CL'], sourceUpvotes: 4, feed }),
  paperRecord({ id: '2001.00002', title: 'B', categories: ['cs.CL'], feed }),
  paperRecord({ id: '2001.00003', title: 'C', categories: ['math.GT'], feed }),
  paperRecord({ id: '2001.00004', title: 'D (no engagement)', categories: ['cs.CL'], feed }),
];
const log2of12 = Math.log2(12);

describe.each(DIALECTS)('trending on %s', (dialect) => {
  let store: TestStore;
  let users: User[];
  const trendingOf = async (id: string) =>
    (await store.db.selectFrom('papers').select('trending').where('id', '=', id).executeTakeFirstOrThrow()).trending;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await savePapers(store, papers, { feedCategories: [], now: day1 });
    users = await Promise.all(
      [0, 1, 2].map((i) =>
        insertUser(
          store,
          {
            email: `t${i}@example.org`,
            handle: `t${i}`,
            displayName: `T${i}`,
            passwordHash: null,
            emailVerified: true,
            role: 'member',
          },
          day1,
        ),
      ),
    );
  });
  afterAll(async () => {
    await store.close();
  });

  it('recomputes a paper on each vote against the stored category level', async () => {
    await vote(store, users[0]!, '2001.00002', true, settings, day1);
    // B: L = log2(2^1) = 1; cs.CL has no level yet, so it starts at B's: 1 − 0.5·1.
    expect(await trendingOf('2001.00002')).toBe(0.5);
    await vote(store, users[1]!, '2001.00002', true, settings, day1);
    expect(await trendingOf('2001.00002')).toBe(1.5);
    await vote(store, users[0]!, '2001.00003', true, settings, day2);
    expect(await trendingOf('2001.00003')).toBe(1);
  });

  it('recomputes everything, normalising by category, and orders the feed by it', async () => {
    expect(await recomputeTrending(store, settings, day2)).toEqual({ papers: 3, categories: 2 });
    // cs.CL: A has L = log2(4·2^1) = 3, B has L = 2, so C(cs.CL) = log2(8 + 4).
    expect(await trendingOf('2001.00001')).toBeCloseTo(3 - 0.5 * log2of12, 12);
    expect(await trendingOf('2001.00002')).toBeCloseTo(2 - 0.5 * log2of12, 12);
    expect(await trendingOf('2001.00003')).toBe(1);
    expect(await trendingOf('2001.00004')).toBeNull();
    const page = await feedPage(store, { range: null, order: 'trending', offset: 0, limit: 10 });
    expect(page.items.map((i) => i.paper.title)).toEqual(['A', 'C', 'B', 'D (no engagement)']);
  });

  it('lets a later vote count twice as much per half-life', async () => {
    await vote(store, users[2]!, '2001.00002', true, settings, day2);
    // B: two votes at x = 1 and one at x = 2: L = log2(2 + 2 + 4) = 3.
    expect(await trendingOf('2001.00002')).toBeCloseTo(3 - 0.5 * log2of12, 12);
  });

  it('explains a rank', async () => {
    const explanation = (await explainTrending(store, '2001.00001', settings, day2))!;
    expect(explanation).toMatchObject({
      paperId: '2001.00001',
      counts: { localUpvotes: 0, sourceUpvotes: 4, commenters: 0 },
      engagement: { level: 3, now: 2 },
      category: { name: 'cs.CL', level: log2of12, now: 3, computedAt: day2.toISOString() },
      rank: 1,
      settings: { halfLifeHours: 48, commentWeight: 0.5, categoryWeight: 0.5, epoch: '2020-01-01T00:00:00.000Z' },
    });
    expect(explanation.summary).toBe(
      // cs.CL's level (log2 12) against the median of cs.CL's and math.GT's (2): half again as busy.
      '#1 trending: 4 upvotes, all of them 2 days ago; cs.CL is busy this week, so it counts a little less.',
    );
    expect((await explainTrending(store, '2001.00004', settings, day2))!.rank).toBeNull();
    expect(await explainTrending(store, '2999.00001', settings, day2)).toBeNull();
  });
});
