/**
 * The trending list and its explanation as a reader meets them: the list holds what is trending
 * now (engagement inside the stated window), a paper's hundreds of source upvotes are not beaten
 * by one fresh local vote, and the sentence on the paper page and at /api/papers/{id}/trending
 * never contradicts the counts beside it.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperRecord } from '../../src/core/paper.ts';
import { DEFAULT_TRENDING } from '../../src/core/trending.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { recomputeTrending } from '../../src/rank/trending.ts';
import { signUp } from '../../src/social/accounts.ts';
import { vote } from '../../src/social/votes.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { communityServer } from './community-fixtures.ts';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const YESTERDAY = '2026-03-09';
const paper = (id: string, title: string, sourceUpvotes: number, day: string) =>
  paperRecord({ id, title, categories: ['cs.CL'], sourceUpvotes, feed: { day, rank: null, submittedBy: null } });

const old = paper('2405.00001', 'A 2024 paper with hundreds of old upvotes', 400, '2024-05-01');
const popular = paper('2603.00002', 'Yesterday with hundreds of source upvotes', 300, YESTERDAY);
const fresh = paper('2603.00001', 'Yesterday with one fresh local vote', 0, YESTERDAY);
const quiet = paper('2603.00003', 'Yesterday with nothing at all', 0, YESTERDAY);

describe.each(DIALECTS)('the trending list on %s', (dialect) => {
  const db = useTestStore(dialect, async (store) => {
    await savePapers(store, [old, popular, fresh, quiet], { feedCategories: [], now: NOW });
    // What `import` does after saving: source upvotes are ranked at once.
    await recomputeTrending(store, DEFAULT_TRENDING, NOW);
    const member = await signUp(store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    await vote(store, member, fresh.id, true, DEFAULT_TRENDING, new Date(NOW.getTime() - 3_600_000));
  });
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ app } = await communityServer(db.store, 'http://127.0.0.1:9', () => NOW));
  });
  afterAll(async () => {
    await app.close();
  });

  const explanation = async (id: string) =>
    (await app.inject(`/api/papers/${id}/trending`)).json<{ rank: number | null; summary: string }>();

  it('lists what has engagement in the last 7 days, says so, and ranks hundreds of upvotes above one fresh vote', async () => {
    const page = (await app.inject('/papers/trending')).body;
    expect(page).toContain('Papers with upvotes or comments in the last 7 days');
    const listed = [old, popular, fresh, quiet].filter((p) => page.includes(p.title)).map((p) => p.title);
    expect(listed).toEqual([popular.title, fresh.title]);
    expect(page.indexOf(popular.title)).toBeLessThan(page.indexOf(fresh.title));
  });

  it.each([
    [
      'only source upvotes',
      popular,
      1,
      '#1 trending: 300 upvotes, all of them yesterday; cs.CL is about as busy as most categories this week.',
      '0 upvotes here, 300 from the source, 0 commenters',
    ],
    [
      'a local vote',
      fresh,
      2,
      '#2 trending: 1 upvote, today; cs.CL is about as busy as most categories this week.',
      '1 upvotes here, 0 from the source, 0 commenters',
    ],
    [
      'nothing',
      quiet,
      null,
      'No upvotes or comments yet, so it is not on the trending list.',
      '0 upvotes here, 0 from the source, 0 commenters',
    ],
    [
      'old upvotes only',
      old,
      null,
      '400 upvotes, all of them 678 days ago: none in the last 7 days, so it is not on the trending list.',
      '0 upvotes here, 400 from the source, 0 commenters',
    ],
  ])(
    'explains a paper with %s in words that agree with its counts, in the API and on its page',
    async (_, { id }, rank, sentence, counts) => {
      expect(await explanation(id)).toMatchObject({ rank, summary: sentence });
      const page = (await app.inject(`/papers/${id}`)).body;
      expect(page).toContain(`<p>${sentence}</p>`);
      expect(page).toContain(counts);
    },
  );
});
