/** Saved filters on both stores: what a filter matches, what it refuses, and its e-mail subscription row. */
import { describe, expect, it } from 'vitest';
import {
  createFilter,
  editFilter,
  filterById,
  filterPapers,
  type FilterInput,
  MAX_FILTERS_PER_MEMBER,
  validateFilterSpec,
} from '../../src/filters/index.ts';
import { signUp } from '../../src/social/accounts.ts';
import { filterSubscription, subscribeFilter, unsubscribeFilter } from '../../src/store/filters.ts';
import { findSubscriptionByEmail, requestSubscription } from '../../src/store/subscriptions.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { NOW, pretraining, seedFilterPapers, speech, translation, vision } from './fixtures.ts';

describe.each(DIALECTS)('saved filters on %s', (dialect) => {
  const db = useTestStore(dialect, seedFilterPapers);

  const ids = async (
    input: FilterInput,
    window: { days?: { from: string; to: string }; offset?: number; limit?: number } = {},
  ) => {
    const page = await filterPapers(db.searchIndex, validateFilterSpec(input), { offset: 0, limit: 50, ...window });
    return { ids: page.items.map((item) => item.paper.id), total: page.total };
  };

  it('keeps a category and leaves another out, on the feed only', async () => {
    expect(await ids({ categories: ['cs.CL', '-cs.SD'] })).toEqual({ ids: [translation.id], total: 1 });
    expect(await ids({ categories: ['cs.CL', '-cs.SD'], scope: 'archive' })).toEqual({
      ids: [translation.id, pretraining.id],
      total: 2,
    });
  });

  it('reads words and -exclusions as the search box does, newest feed day first', async () => {
    expect(await ids({ query: 'transformers' })).toEqual({ ids: [vision.id, translation.id, speech.id], total: 3 });
    expect(await ids({ query: 'transformers -speech' })).toEqual({ ids: [vision.id, translation.id], total: 2 });
    expect(await ids({ query: 'transformers -"speech recognition"' })).toEqual({ ids: [vision.id, translation.id], total: 2 });
  });

  it('finds an author anywhere in the archive, and checks the name as one author', async () => {
    expect(await ids({ query: 'author:"Ana Lima"', scope: 'archive' })).toEqual({ ids: [pretraining.id], total: 1 });
    expect(await ids({ query: 'author:"Ana Sato"', scope: 'archive' })).toEqual({ ids: [], total: 0 });
  });

  it('keeps papers with code, or with enough upvotes', async () => {
    expect(await ids({ categories: ['cs'], hasCode: true, scope: 'archive' })).toEqual({ ids: [vision.id, speech.id], total: 2 });
    expect(await ids({ hasCode: false })).toEqual({ ids: [translation.id], total: 1 });
    expect(await ids({ minUpvotes: 5 })).toEqual({ ids: [vision.id, speech.id], total: 2 });
    expect(await ids({ minUpvotes: 5, scope: 'archive', query: 'transformers' })).toEqual({
      ids: [vision.id, speech.id],
      total: 2,
    });
  });

  it('pages, and keeps to a window of days (feed days for the feed, publication days for the archive)', async () => {
    expect(await ids({ query: 'transformers' }, { offset: 1, limit: 1 })).toEqual({ ids: [translation.id], total: 3 });
    expect(await ids({ query: 'transformers' }, { days: { from: '2026-03-04', to: '2026-03-04' } })).toEqual({
      ids: [speech.id],
      total: 1,
    });
    expect(await ids({ categories: ['cs.CL'], scope: 'archive' }, { days: { from: '2026-03-02', to: '2026-03-03' } })).toEqual({
      ids: [speech.id, pretraining.id],
      total: 2,
    });
  });

  it('answers a filter that matches nothing with no papers, not an error', async () => {
    expect(await ids({ query: 'quantum chromodynamics' })).toEqual({ ids: [], total: 0 });
    expect(await ids({ categories: ['hep-th'], scope: 'archive' })).toEqual({ ids: [], total: 0 });
  });

  it.each([
    [
      { categories: ['cs.XX.YY'] },
      '“cs.XX.YY” is not an arXiv category: write cs.CL, a whole archive such as cs, or -cs.SD to leave one out',
    ],
    [{ categories: ['-'] }, '“-” is not an arXiv category: write cs.CL, a whole archive such as cs, or -cs.SD to leave one out'],
    [{ categories: ['cs.CL', '-cs.CL'] }, 'cs.CL is both asked for and left out'],
    [{ categories: 'cs.CL' as unknown }, null],
    [{ query: 'speech - music' }, '“-” excludes nothing: write -word or -"a phrase" with no space after the dash'],
    [{ minUpvotes: 'ten' }, 'minUpvotes must be a whole number from 0 to 100000'],
    [{ minUpvotes: -1 }, 'minUpvotes must be a whole number from 0 to 100000'],
    [{ minUpvotes: 2.5 }, 'minUpvotes must be a whole number from 0 to 100000'],
    [{ scope: 'everything' }, 'scope must be feed (papers on the daily feed) or archive (every paper)'],
    [{ scope: 'archive' }, 'a filter of the whole archive needs words, authors, categories, has code or a minimum of upvotes'],
    [{ query: '2603.10001' }, 'query names one paper by its arXiv id: a filter needs words, not an id'],
    [{ query: 'x'.repeat(251) }, 'query must be at most 250 characters'],
  ])('refuses %j in words', (input, message) => {
    if (message === null) expect(validateFilterSpec(input as FilterInput).categories).toEqual(['cs.CL']);
    else expect(() => validateFilterSpec(input as FilterInput)).toThrow(message);
  });

  it('limits names and filters per member, and keeps a member’s filter names apart', async () => {
    const member = await signUp(db.store, { email: 'many@example.org', password: 'a good password', displayName: 'Many' }, NOW);
    await expect(createFilter(db.store, member, { name: 'n'.repeat(101) }, NOW)).rejects.toThrow(
      "a filter's name has at most 100 characters",
    );
    await expect(createFilter(db.store, member, { name: '  ' }, NOW)).rejects.toThrow('a filter needs a name');
    for (let i = 0; i < 50; i++) await createFilter(db.store, member, { name: `Filter ${i}`, query: `word${i}` }, NOW);
    await expect(createFilter(db.store, member, { name: 'One more', query: 'more' }, NOW)).rejects.toThrow(
      'you have 50 filters, the most a member may keep: delete one first',
    );
    const other = await signUp(db.store, { email: 'other@example.org', password: 'a good password', displayName: 'O' }, NOW);
    const first = await createFilter(db.store, other, { name: 'Speech', query: 'speech' }, NOW);
    await expect(createFilter(db.store, other, { name: 'Speech', query: 'music' }, NOW)).rejects.toThrow(
      'you already have a filter named “Speech”',
    );
    const edited = await editFilter(db.store, other, first.id, { minUpvotes: '3', categories: ['cs.CL', '-cs.SD'] }, NOW);
    expect(edited.spec).toEqual({
      query: 'speech',
      categories: ['cs.CL'],
      excludedCategories: ['cs.SD'],
      hasCode: null,
      minUpvotes: 3,
      scope: 'feed',
    });
    await expect(editFilter(db.store, member, first.id, { name: 'Mine now' }, NOW)).rejects.toThrow(`No filter ${first.id}`);
    await expect(editFilter(db.store, other, first.id, { minUpvotes: 'lots' }, NOW)).rejects.toThrow('minUpvotes must be');
    expect((await filterById(db.store, first.id))!.spec.minUpvotes).toBe(3);
  });

  it('holds the limit of filters per member when many are made at once', async () => {
    const member = await signUp(db.store, { email: 'racer@example.org', password: 'a good password', displayName: 'R' }, NOW);
    for (let i = 0; i < MAX_FILTERS_PER_MEMBER - 5; i++) await createFilter(db.store, member, { name: `Filter ${i}` }, NOW);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => createFilter(db.store, member, { name: `Racer ${i}` }, NOW)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    expect(new Set(outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as Error).message] : [])))).toStrictEqual(
      new Set([`you have ${MAX_FILTERS_PER_MEMBER} filters, the most a member may keep: delete one first`]),
    );
  });

  it('gives a filter one e-mail subscription beside the address’s own digest', async () => {
    const member = await signUp(db.store, { email: 'reader@example.org', password: 'a good password', displayName: 'R' }, NOW);
    const a = await createFilter(db.store, member, { name: 'A', query: 'speech' }, NOW);
    const b = await createFilter(db.store, member, { name: 'B', query: 'vision' }, NOW);
    const plain = await requestSubscription(db.store, {
      email: member.email,
      frequency: 'daily',
      categories: [],
      query: null,
      userId: member.id,
    });
    const subA = await subscribeFilter(db.store, a, member.email, 'daily', NOW);
    const subB = await subscribeFilter(db.store, b, member.email, 'weekly', NOW);
    expect(subA).toMatchObject({ status: 'confirmed', filterId: a.id, frequency: 'daily' });
    expect(subB).toMatchObject({ status: 'confirmed', filterId: b.id, frequency: 'weekly' });
    expect((await findSubscriptionByEmail(db.store, member.email))!.id).toBe(plain.subscription.id);
    // Asking again for the plain digest still finds the one plain row.
    const again = await requestSubscription(db.store, {
      email: member.email,
      frequency: 'weekly',
      categories: [],
      query: null,
      userId: member.id,
    });
    expect(again.subscription.id).toBe(plain.subscription.id);

    const weekly = await subscribeFilter(db.store, a, member.email, 'weekly', NOW);
    expect(weekly).toMatchObject({ id: subA.id, nonce: subA.nonce, frequency: 'weekly' });
    await unsubscribeFilter(db.store, a.id, NOW);
    expect((await filterSubscription(db.store, a.id))!.status).toBe('unsubscribed');
    const revived = await subscribeFilter(db.store, a, member.email, 'daily', NOW);
    expect(revived).toMatchObject({ id: subA.id, status: 'confirmed' });
    expect(revived.nonce).not.toBe(subA.nonce);
  });

  it('keeps digest sends tied to their subscription after the migration (deleting one deletes its sends)', async () => {
    const member = await signUp(db.store, { email: 'sends@example.org', password: 'a good password', displayName: 'S' }, NOW);
    const filter = await createFilter(db.store, member, { name: 'Sends', query: 'speech' }, NOW);
    const sub = await subscribeFilter(db.store, filter, member.email, 'daily', NOW);
    await db.store.db
      .insertInto('digest_sends')
      .values({
        subscription_id: sub.id,
        period: 'daily:2026-03-05',
        status: 'sent',
        holder: 'h',
        attempts: 1,
        claimed_at: NOW.toISOString(),
      })
      .execute();
    await db.store.db.deleteFrom('saved_filters').where('id', '=', filter.id).execute();
    expect(await db.store.db.selectFrom('subscriptions').select('id').where('id', '=', sub.id).execute()).toEqual([]);
    expect(await db.store.db.selectFrom('digest_sends').select('period').where('subscription_id', '=', sub.id).execute()).toEqual(
      [],
    );
  });
});
