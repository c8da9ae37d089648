import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperRecord } from '../../src/core/paper.ts';
import { DEFAULT_TRENDING } from '../../src/core/trending.ts';
import { deleteComment, discussion, editComment, postComment } from '../../src/social/comments.ts';
import { hideComment, hidePaper, pickPaper, setRole } from '../../src/social/moderation.ts';
import { insertUser, type User, userById } from '../../src/store/accounts.ts';
import { feedEntryOf, feedPage } from '../../src/store/feed.ts';
import { moderationLog } from '../../src/store/moderation.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { getPaper } from '../../src/store/papers.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const now = new Date('2026-03-02T12:00:00Z');
const later = new Date('2026-03-02T13:00:00Z');
const settings = DEFAULT_TRENDING;
const paper = paperRecord({
  id: '2603.00001',
  title: 'Discussed',
  categories: ['cs.CL'],
  feed: { day: '2026-03-02', rank: 1, submittedBy: null },
});
const other = paperRecord({ id: '2603.00002', title: 'Other', categories: ['cs.CL'] });

describe.each(DIALECTS)('comments and moderation on %s', (dialect) => {
  let store: TestStore;
  let ana: User, bob: User, mod: User, admin: User;
  const numComments = async () =>
    (await store.db.selectFrom('papers').select('num_comments').where('id', '=', paper.id).executeTakeFirstOrThrow())
      .num_comments;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await savePapers(store, [paper, other], { feedCategories: [], now });
    const user = (handle: string, role: User['role']) =>
      insertUser(
        store,
        {
          email: `${handle}@example.org`,
          handle,
          displayName: `<b>${handle}</b>`,
          passwordHash: null,
          emailVerified: true,
          role,
        },
        now,
      );
    [ana, bob, mod, admin] = await Promise.all([
      user('ana', 'member'),
      user('bob', 'member'),
      user('mod', 'moderator'),
      user('root', 'admin'),
    ]);
  });
  afterAll(async () => {
    await store.close();
  });

  it('posts comments with one level of replies, rendered safely, and counts them', async () => {
    const top = await postComment(store, ana, paper.id, { text: 'Great **paper** <script>alert(1)</script>' }, settings, now);
    expect(top).toMatchObject({
      parentId: null,
      author: { handle: 'ana', name: '<b>ana</b>' },
      html: '<p>Great <strong>paper</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>',
    });
    const reply = await postComment(store, bob, paper.id, { text: 'Agreed', parentId: top.id }, settings, now);
    await expect(postComment(store, ana, paper.id, { text: 'Deeper', parentId: reply.id }, settings, now)).rejects.toMatchObject({
      kind: 'invalid',
      message: 'replies go one level deep: reply to the comment this one answers',
    });
    await expect(
      postComment(store, ana, other.id, { text: 'Wrong paper', parentId: top.id }, settings, now),
    ).rejects.toMatchObject({ kind: 'invalid' });
    await expect(postComment(store, ana, paper.id, { text: '   ' }, settings, now)).rejects.toMatchObject({
      message: 'the comment is empty',
    });
    const thread = await discussion(store, paper.id, null);
    expect(thread.map((c) => [c.text, c.replies.map((r) => r.text)])).toEqual([
      ['Great **paper** <script>alert(1)</script>', ['Agreed']],
    ]);
    expect(await numComments()).toBe(2);
    // Two commenters at `now` add 2 × 0.5 to the paper's engagement.
    const stored = await store.db
      .selectFrom('papers')
      .select('engagement_level')
      .where('id', '=', paper.id)
      .executeTakeFirstOrThrow();
    expect(stored.engagement_level).toBeCloseTo(Math.log2(1) + (now.getTime() - Date.UTC(2020, 0, 1)) / (48 * 3_600_000), 9);
  });

  it('lets authors edit and delete only their own comments', async () => {
    const [top] = await discussion(store, paper.id, null);
    await expect(editComment(store, bob, top!.id, 'hijacked', later)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(deleteComment(store, bob, top!.id, settings, later)).rejects.toMatchObject({ kind: 'forbidden' });
    const edited = await editComment(store, ana, top!.id, 'Great paper, *edited*', later);
    expect(edited).toMatchObject({ editedAt: later.toISOString(), html: '<p>Great paper, <em>edited</em></p>' });
    const extra = await postComment(store, ana, paper.id, { text: 'Delete me' }, settings, later);
    await deleteComment(store, ana, extra.id, settings, later);
    expect((await discussion(store, paper.id, null)).map((c) => c.id)).toEqual([top!.id]);
    expect(await numComments()).toBe(2);
  });

  it('hides a comment from members but not from moderators, with a logged reason', async () => {
    const [top] = await discussion(store, paper.id, null);
    const reply = top!.replies[0]!;
    await expect(hideComment(store, ana, reply.id, true, 'spam', settings, later)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(hideComment(store, mod, reply.id, true, '  ', settings, later)).rejects.toMatchObject({ kind: 'invalid' });
    await hideComment(store, mod, reply.id, true, 'off-topic', settings, later);
    expect((await discussion(store, paper.id, ana))[0]!.replies).toEqual([]);
    expect((await discussion(store, paper.id, mod))[0]!.replies[0]).toMatchObject({ hidden: true, hiddenReason: 'off-topic' });
    expect(await numComments()).toBe(1);
  });

  it('hides papers from feeds, picks papers for a day and changes roles, logging each', async () => {
    await hidePaper(store, mod, paper.id, true, 'duplicate of 2603.00002', later);
    expect((await feedPage(store, { range: null, order: 'upvotes', offset: 0, limit: 10 })).items).toEqual([]);
    await expect(postComment(store, ana, paper.id, { text: 'Still here?' }, settings, later)).rejects.toMatchObject({
      kind: 'not-found',
    });
    await pickPaper(store, mod, other.id, '2026-03-03', 'editor’s choice', later);
    expect(await feedEntryOf(store, other.id)).toMatchObject({ day: '2026-03-03', source: 'curated', submittedBy: 'mod' });
    await expect(pickPaper(store, ana, other.id, '2026-03-03', 'me too', later)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(setRole(store, mod, ana.id, 'admin', 'why not', later)).rejects.toMatchObject({ kind: 'forbidden' });
    await setRole(store, admin, ana.id, 'moderator', 'trusted reviewer', later);
    expect((await userById(store, ana.id))!.role).toBe('moderator');
    const log = await moderationLog(store, { before: null, limit: 10 });
    expect(log.map((e) => [e.actor?.handle, e.action, e.subjectId, e.reason])).toEqual([
      ['root', 'set-role', 'ana', 'member → moderator: trusted reviewer'],
      ['mod', 'pick-paper', '2026-03-03/2603.00002', 'editor’s choice'],
      ['mod', 'hide-paper', '2603.00001', 'duplicate of 2603.00002'],
      ['mod', 'hide-comment', `2603.00001#${(await discussion(store, paper.id, mod))[0]!.replies[0]!.id}`, 'off-topic'],
    ]);
    expect((await getPaper(store, paper.id))!.title).toBe('Discussed');
  });
});

describe.each(DIALECTS)('the last admin on %s', (dialect) => {
  let store: TestStore;
  const user = (handle: string, role: User['role']) =>
    insertUser(
      store,
      { email: `${handle}@example.org`, handle, displayName: handle, passwordHash: null, emailVerified: true, role },
      now,
    );
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => {
    await store.close();
  });

  it('refuses to demote the only admin, by themselves or from the command line', async () => {
    const owner = await user('owner', 'admin');
    for (const role of ['moderator', 'member'] as const) {
      await expect(setRole(store, owner, owner.id, role, 'stepping down', later)).rejects.toMatchObject({
        kind: 'invalid',
        message: 'owner is the only admin: make another member admin first',
      });
      await expect(setRole(store, null, owner.id, role, 'from the shell', later)).rejects.toMatchObject({ kind: 'invalid' });
    }
    expect((await userById(store, owner.id))!.role).toBe('admin');
    expect(await moderationLog(store, { before: null, limit: 10 })).toEqual([]);
  });

  it('lets one of two admins step down, never both when they demote each other at once', async () => {
    const [first, second] = await Promise.all([user('first', 'admin'), user('second', 'admin')]);
    // The owner from the test before steps down first, now that others can manage roles.
    const owner = (await store.db.selectFrom('users').select('id').where('handle', '=', 'owner').executeTakeFirstOrThrow()).id;
    await setRole(store, null, owner, 'member', 'handing over', later);
    const outcomes = await Promise.allSettled([
      setRole(store, first, second.id, 'member', 'coup', later),
      setRole(store, second, first.id, 'member', 'counter-coup', later),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
    expect(refused.reason).toMatchObject({ kind: 'invalid', message: expect.stringContaining('is the only admin') });
    const roles = [(await userById(store, first.id))!.role, (await userById(store, second.id))!.role].sort();
    expect(roles).toEqual(['admin', 'member']);
    const log = await moderationLog(store, { before: null, limit: 10 });
    expect(log.map((e) => [e.actor?.handle ?? null, e.action, e.subjectId, e.reason])).toContainEqual([
      null,
      'set-role',
      'owner',
      'admin → member: handing over',
    ]);
  });
});
