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
import { deleteComment, postComment } from '../../src/social/comments.ts';
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
const discussed = paper('2603.00004', 'A comment two days ago', 0, '2026-03-08');
const discussedLongAgo = paper('2602.00005', 'A comment a month ago', 0, '2026-02-08');
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe.each(DIALECTS)('the trending list on %s', (dialect) => {
  const db = useTestStore(dialect, async (store) => {
    await savePapers(store, [old, popular, fresh, quiet, discussed, discussedLongAgo], { feedCategories: [], now: NOW });
    // What `import` does after saving: source upvotes are ranked at once.
    await recomputeTrending(store, DEFAULT_TRENDING, NOW);
    const member = await signUp(store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    await vote(store, member, fresh.id, true, DEFAULT_TRENDING, new Date(NOW.getTime() - 3_600_000));
    await postComment(store, member, discussed.id, { text: 'Worth a read.' }, DEFAULT_TRENDING, daysBefore(2));
    await postComment(store, member, discussedLongAgo.id, { text: 'Old news.' }, DEFAULT_TRENDING, daysBefore(30));
    // A later comment by the same member adds no engagement: the paper stays out of the window.
    await postComment(store, member, discussedLongAgo.id, { text: 'Still old news.' }, DEFAULT_TRENDING, daysBefore(1));
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
    const everyPaper = [old, popular, fresh, quiet, discussed, discussedLongAgo];
    const listed = everyPaper.filter((p) => page.includes(p.title));
    expect(listed.sort((a, b) => page.indexOf(a.title) - page.indexOf(b.title)).map((p) => p.title)).toEqual([
      popular.title,
      fresh.title,
      discussed.title,
    ]);
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
      '1 upvote here, 0 from the source, 0 commenters',
    ],
    [
      'a comment',
      discussed,
      3,
      '#3 trending: 1 commenter, 2 days ago; cs.CL is about as busy as most categories this week.',
      '0 upvotes here, 0 from the source, 1 commenter',
    ],
    [
      'a first comment a month ago',
      discussedLongAgo,
      null,
      '1 commenter, 30 days ago: none in the last 7 days, so it is not on the trending list.',
      '0 upvotes here, 0 from the source, 1 commenter',
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

// Papers whose feed day left the window long ago: only their votes and comments can list them,
// found through papers.engaged_at, which each vote and comment keeps without a recompute.
const revivedByVote = paper('2602.00011', 'An old feed paper voted on today', 0, '2026-02-01');
const revivedByComment = paper('2602.00012', 'An old feed paper first commented on today', 0, '2026-02-01');
const voteWithdrawn = paper('2602.00013', 'An old feed paper whose vote today was withdrawn', 0, '2026-02-01');
const votedLongAgo = paper('2602.00014', 'An old feed paper voted on a month ago', 0, '2026-02-01');
const firstCommentDeleted = paper('2602.00015', 'An old feed paper whose month-old first comment was deleted', 0, '2026-02-01');

describe.each(DIALECTS)('the trending list between recomputes on %s', (dialect) => {
  const db = useTestStore(dialect, async (store) => {
    await savePapers(store, [revivedByVote, revivedByComment, voteWithdrawn, votedLongAgo, firstCommentDeleted], {
      feedCategories: [],
      now: daysBefore(40),
    });
    await recomputeTrending(store, DEFAULT_TRENDING, daysBefore(40));
    const ana = await signUp(store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    const ben = await signUp(store, { email: 'ben@example.org', password: 'ben password', displayName: 'Ben' }, NOW);
    await vote(store, ana, votedLongAgo.id, true, DEFAULT_TRENDING, daysBefore(30));
    await vote(store, ana, voteWithdrawn.id, true, DEFAULT_TRENDING, daysBefore(20));
    await vote(store, ben, voteWithdrawn.id, true, DEFAULT_TRENDING, daysBefore(1));
    await vote(store, ben, voteWithdrawn.id, false, DEFAULT_TRENDING, daysBefore(1));
    await vote(store, ana, revivedByVote.id, true, DEFAULT_TRENDING, daysBefore(0.1));
    await postComment(store, ben, revivedByComment.id, { text: 'Back in the news.' }, DEFAULT_TRENDING, daysBefore(0.2));
    // Ana's first comment is the one the formula counts: deleted, her comment of yesterday is her first.
    const first = await postComment(store, ana, firstCommentDeleted.id, { text: 'Old news.' }, DEFAULT_TRENDING, daysBefore(30));
    await postComment(store, ana, firstCommentDeleted.id, { text: 'News again.' }, DEFAULT_TRENDING, daysBefore(1));
    await deleteComment(store, ana, first.id, DEFAULT_TRENDING, daysBefore(0.5));
  });
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ app } = await communityServer(db.store, 'http://127.0.0.1:9', () => NOW));
  });
  afterAll(async () => {
    await app.close();
  });

  const explanation = async (id: string) => (await app.inject(`/api/papers/${id}/trending`)).json<{ rank: number | null }>();

  it('lists the papers voted on or first commented on in the window, not one whose only recent vote was withdrawn', async () => {
    const page = (await app.inject('/papers/trending')).body;
    const everyPaper = [revivedByVote, revivedByComment, voteWithdrawn, votedLongAgo, firstCommentDeleted];
    expect(everyPaper.filter((p) => page.includes(p.title)).map((p) => p.title)).toEqual(
      [revivedByVote, revivedByComment, firstCommentDeleted].map((p) => p.title),
    );
    expect((await explanation(voteWithdrawn.id)).rank).toBeNull();
    expect((await explanation(firstCommentDeleted.id)).rank).toBe(3);
  });
});
