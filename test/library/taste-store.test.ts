/** Feedback and follows in the store, on both stores: what recommendations and lists read. */
import { beforeAll, describe, expect, it } from 'vitest';
import { follow, followTarget, MAX_FOLLOWS } from '../../src/library/taste.ts';
import { signUp } from '../../src/social/accounts.ts';
import { deleteFeedback, feedbackAmong, feedbackEntries, feedbackOf, upsertFeedback } from '../../src/store/feedback.ts';
import { countFollows, deleteFollow, followList, followOf, followsOf, insertFollows } from '../../src/store/follows.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { figures, NOW, rewards, routing, saveFixtures } from '../web/fixtures.ts';

const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

describe.each(DIALECTS)('feedback and follows in the %s store', (dialect) => {
  const handle = useTestStore(dialect, (store) => saveFixtures(store, [routing, rewards, figures]));
  let ana = 0;
  let ben = 0;

  beforeAll(async () => {
    const { store } = handle;
    ana = (await signUp(store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW)).id;
    ben = (await signUp(store, { email: 'ben@example.org', password: 'ben password', displayName: 'Ben' }, NOW)).id;
  });

  it('keeps one word per member and paper, the latest, and withdraws it', async () => {
    const { store } = handle;
    await upsertFeedback(store.db, [
      { userId: ana, paperId: routing.id, kind: 'less', createdAt: at(1) },
      { userId: ana, paperId: rewards.id, kind: 'more', createdAt: at(2) },
      { userId: ben, paperId: routing.id, kind: 'more', createdAt: at(3) },
    ]);
    await upsertFeedback(store.db, [{ userId: ana, paperId: routing.id, kind: 'more', createdAt: at(4) }]);
    expect(await feedbackOf(store, ana)).toEqual({ more: [routing.id, rewards.id], less: [] });
    await upsertFeedback(store.db, [{ userId: ana, paperId: figures.id, kind: 'less', createdAt: at(5) }]);
    expect(await feedbackOf(store, ana)).toEqual({ more: [routing.id, rewards.id], less: [figures.id] });
    expect(await feedbackEntries(store, ana)).toEqual([
      { paperId: figures.id, title: figures.title, kind: 'less', createdAt: at(5) },
      { paperId: routing.id, title: routing.title, kind: 'more', createdAt: at(4) },
      { paperId: rewards.id, title: rewards.title, kind: 'more', createdAt: at(2) },
    ]);
    expect(await feedbackAmong(store, ana, [routing.id, figures.id, '2699.00001'])).toEqual(
      new Map([
        [routing.id, 'more'],
        [figures.id, 'less'],
      ]),
    );
    // Ben's word is his own.
    expect(await feedbackOf(store, ben)).toEqual({ more: [routing.id], less: [] });
    expect(await feedbackAmong(store, ben, [figures.id])).toEqual(new Map());
    expect(await deleteFeedback(store, ana, figures.id)).toBe(true);
    expect(await deleteFeedback(store, ana, figures.id)).toBe(false);
    expect((await feedbackOf(store, ana)).less).toEqual([]);
  });

  it('keeps follows once per key, as the member wrote them', async () => {
    const { store } = handle;
    const row = (kind: 'author' | 'category', value: string, key: string, minutes: number) => ({
      userId: ana,
      kind,
      value,
      key,
      createdAt: at(minutes),
    });
    expect(await insertFollows(store.db, [row('author', 'Ana Lima', 'ana lima', 1), row('category', 'cs.CL', 'cs.CL', 2)])).toBe(
      2,
    );
    expect(await insertFollows(store.db, [row('author', 'ANA LIMA', 'ana lima', 3)])).toBe(0);
    expect(await followsOf(store, ana)).toEqual({ authors: ['Ana Lima'], categories: ['cs.CL'] });
    expect(await followsOf(store, ben)).toEqual({ authors: [], categories: [] });
    expect(await followOf(store.db, ana, 'author', 'ana lima')).toEqual({ kind: 'author', value: 'Ana Lima', createdAt: at(1) });
    expect(await countFollows(store.db, ana)).toBe(2);
    expect(await deleteFollow(store, ana, 'category', 'cs.CL')).toBe(true);
    expect(await deleteFollow(store, ana, 'category', 'cs.CL')).toBe(false);
    expect(await followList(store, ana)).toEqual([{ kind: 'author', value: 'Ana Lima', createdAt: at(1) }]);
  });
});

describe.each(DIALECTS)('the follow limit under concurrent follows on %s', (dialect) => {
  const handle = useTestStore(dialect);

  it('lets exactly as many through as the limit has room for', async () => {
    const { store } = handle;
    const cai = await signUp(store, { email: 'cai@example.org', password: 'cai password', displayName: 'Cai' }, NOW);
    const room = 5;
    await insertFollows(
      store.db,
      Array.from({ length: MAX_FOLLOWS - room }, (_, i) => ({
        userId: cai.id,
        kind: 'author' as const,
        key: `author ${i}`,
        value: `Author ${i}`,
        createdAt: NOW.toISOString(),
      })),
    );
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => follow(store, cai, followTarget('author', `Racer ${i}`), NOW)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(room);
    expect(outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as Error).message] : []))).toStrictEqual(
      Array(20 - room).fill(`you follow ${MAX_FOLLOWS} authors and categories, the most one member may: unfollow some first`),
    );
    expect(await countFollows(store.db, cai.id)).toBe(MAX_FOLLOWS);
  });
});
