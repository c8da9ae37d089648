/**
 * "Your data is yours" on both stores: the export holds everything a member has (and no
 * password hash), `dailypapers import-member` restores it on another hub that lacks some of
 * its papers, and deleting the account deletes the library, marks and follows and anonymises the rest.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postComment } from '../../src/social/comments.ts';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { userByEmail } from '../../src/store/accounts.ts';
import { feedbackOf } from '../../src/store/feedback.ts';
import { followsOf } from '../../src/store/follows.ts';
import { libraryEntries, collectionsOf } from '../../src/store/library.ts';
import { filtersOf } from '../../src/filters/index.ts';
import { runCli } from '../support/cli.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { Browser } from '../web/community-fixtures.ts';
import { figures, NOW, rewards, routing, saveFixtures, testConfig, useTestApp } from '../web/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'dp-member-'));

describe.each(DIALECTS)('a member’s data, out and back in, on %s', (dialect) => {
  const hub = useTestApp(dialect, (store) => saveFixtures(store, [routing, rewards, figures]));
  let other: TestStore;
  let token = '';
  let exported: Record<string, unknown> & { collections: { paperIds: string[] }[] };

  beforeAll(async () => {
    const ana = await signUp(hub.store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    token = (await createApiToken(hub.store, ana.id, 'test', NOW)).token;
    const send = (method: string, url: string, payload?: object) =>
      hub.app.inject({ method: method as 'POST', url, payload, headers: { authorization: `Bearer ${token}` } });
    for (const paperId of ['2603.00010', '2603.00011', '2602.00020']) await send('POST', '/api/me/library', { paperId });
    const reading = (await send('POST', '/api/me/collections', { name: 'Reading', public: true })).json();
    await send('PUT', '/api/me/library/2603.00010', { note: 'Ask about §4', read: true, collectionIds: [reading.id] });
    await send('PUT', '/api/me/library/2602.00020', { collectionIds: [reading.id] });
    await send('POST', '/api/papers/2603.00010/upvote', {});
    await send('POST', '/api/papers/2602.00020/upvote', {});
    await send('PUT', '/api/me/feedback/2603.00011', { kind: 'more' });
    await send('PUT', '/api/me/feedback/2602.00020', { kind: 'less' });
    await send('POST', '/api/me/follows', { author: 'Ana Lima' });
    await send('POST', '/api/me/follows', { category: 'cs.CL' });
    await postComment(hub.store, ana, '2603.00011', { text: 'Nice *rewards*.' }, testConfig().trending, NOW);
    await send('POST', '/api/me/filters', { name: 'Routing', query: 'routing', categories: ['cs', '-cs.SD'], email: 'weekly' });
    // The other hub has two of the three papers.
    other = await openTestStore(dialect, { sqliteFile: join(dir, `${Math.random()}.sqlite`) });
    await saveFixtures(other, [routing, rewards]);
  });
  afterAll(async () => {
    await other.close();
  });

  it('exports account, library with notes, collections, votes, comments, subscriptions and filters as one document', async () => {
    const res = await hub.app.inject({ url: '/api/me/export', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="dailypapers-ana-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.body).not.toMatch(/argon2|password/i);
    exported = res.json();
    expect(exported).toMatchObject({
      format: 'dailypapers-member-export',
      version: 1,
      hub: 'http://papers.test',
      account: { email: 'ana@example.org', handle: 'ana', displayName: 'Ana', role: 'member', createdAt: NOW.toISOString() },
      collections: [{ name: 'Reading', description: '', public: true }],
      comments: [{ paperId: '2603.00011', parentId: null, text: 'Nice *rewards*.', deleted: false, hidden: false }],
      subscriptions: [],
      filters: [
        {
          name: 'Routing',
          query: 'routing',
          categories: ['cs', '-cs.SD'],
          hasCode: null,
          minUpvotes: 0,
          scope: 'feed',
          public: false,
          email: 'weekly',
          createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        },
      ],
    });
    expect(exported.collections[0]!.paperIds.sort()).toEqual(['2602.00020', '2603.00010']);
    const library = exported.library as { paperId: string; note: string | null; readAt: string | null }[];
    expect(library.map((e) => [e.paperId, e.note, e.readAt !== null]).sort()).toEqual([
      ['2602.00020', null, false],
      ['2603.00010', 'Ask about §4', true],
      ['2603.00011', null, false],
    ]);
    expect((exported.votes as { paperId: string }[]).map((v) => v.paperId).sort()).toEqual(['2602.00020', '2603.00010']);
    expect((exported.feedback as { paperId: string; kind: string }[]).map((f) => [f.paperId, f.kind]).sort()).toEqual([
      ['2602.00020', 'less'],
      ['2603.00011', 'more'],
    ]);
    expect((exported.follows as { kind: string; value: string }[]).map((f) => [f.kind, f.value])).toEqual([
      ['author', 'Ana Lima'],
      ['category', 'cs.CL'],
    ]);
  });

  it('restores it on another hub, reporting and skipping the papers that hub lacks; a second run adds nothing', async () => {
    const file = join(dir, `export-${dialect}.json`);
    // A filter this hub cannot take is reported and skipped, the rest restored.
    writeFileSync(
      file,
      JSON.stringify({
        ...exported,
        filters: [...(exported.filters as object[]), { name: 'Broken', categories: ['nope nope'] }],
      }),
    );
    const env = { DATABASE_URL: other.url, DATA_DIR: dir };
    const first = await runCli(['import-member', file], env);
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(first.stdout).toBe(
      [
        'account: created ana@example.org (@ana), logs in by e-mailed link',
        'library: 2 papers saved, 1 collections created',
        'votes: 1 restored, 1 skipped',
        'taste: 1 marks and 2 new follows restored',
        "filters: 1 restored, 1 skipped (Broken: “nope nope” is not an arXiv category: write cs.CL, a whole archive such as cs, or -cs.SD to leave one out), 1 e-mail digests left off (turn them on on each filter's page)",
        'skipped: 1 papers not on this hub: 2602.00020',
        'not restored: 1 comments (they belong to the discussions on http://papers.test), 0 subscriptions (subscribe again at /subscribe: the address must confirm), ' +
          '0 webhooks (add them again at /settings/webhooks: their filters have new ids here, and each gets a new secret)',
        '',
      ].join('\n'),
    );
    const ana = (await userByEmail(other, 'ana@example.org'))!;
    const entries = await libraryEntries(other, ana.id);
    expect(entries.map((e) => [e.paper.id, e.note, e.readAt !== null]).sort()).toEqual([
      ['2603.00010', 'Ask about §4', true],
      ['2603.00011', null, false],
    ]);
    expect((await filtersOf(other, ana)).map((f) => [f.name, f.spec.categories, f.spec.excludedCategories])).toEqual([
      ['Routing', ['cs'], ['cs.SD']],
    ]);
    const [reading] = await collectionsOf(other, ana.id);
    expect([reading!.name, reading!.public, reading!.paperCount]).toEqual(['Reading', true, 1]);
    const routed = await other.db.selectFrom('papers').select('upvotes').where('id', '=', '2603.00010').executeTakeFirstOrThrow();
    expect(Number(routed.upvotes)).toBe(42 + 1);
    expect(await feedbackOf(other, ana.id)).toEqual({ more: ['2603.00011'], less: [] });
    expect(await followsOf(other, ana.id)).toEqual({ authors: ['Ana Lima'], categories: ['cs.CL'] });

    const again = await runCli(['import-member', file], env);
    expect(again.stdout.split('\n').slice(0, 4)).toEqual([
      'account: found ana@example.org (@ana)',
      'library: 0 papers saved, 0 collections created, 1 merged into existing (Reading)',
      'votes: 1 restored, 1 skipped',
      'taste: 1 marks and 0 new follows restored',
    ]);
    expect(await followsOf(other, ana.id)).toEqual({ authors: ['Ana Lima'], categories: ['cs.CL'] });
    expect((await libraryEntries(other, ana.id)).length).toBe(2);
    expect(
      Number(
        (await other.db.selectFrom('papers').select('upvotes').where('id', '=', '2603.00010').executeTakeFirstOrThrow()).upvotes,
      ),
    ).toBe(43);
  });

  it('refuses a file that is not a member export, in words, changing nothing', async () => {
    const file = join(dir, `bad-${dialect}.json`);
    writeFileSync(file, '{"format": "something-else"}');
    const res = await runCli(['import-member', file], { DATABASE_URL: other.url, DATA_DIR: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('not a Daily Papers member export (expected "format": "dailypapers-member-export")');
    writeFileSync(file, '{broken');
    expect((await runCli(['import-member', file], { DATABASE_URL: other.url, DATA_DIR: dir })).stderr).toContain('not JSON');
  });

  it('deletes the account after the confirmation page: library gone, comments and votes kept anonymously', async () => {
    const browser = new Browser(hub.app);
    await browser.logIn('ana@example.org', 'ana password');
    const settings = await browser.get('/settings');
    expect(settings.body).toContain('<a href="/api/me/export" download>Download everything (JSON)</a>');
    const page = await browser.get('/settings/delete');
    expect(page.body).toContain('your library: saved papers, private notes, read marks and collections (public ones too)');
    expect(page.body).toContain('“more like this” and “not interested” marks, followed authors and categories');
    expect(page.body).toContain('your comments, shown as by “Deleted member”');
    expect(page.body).toContain('your saved filters, their feeds and webhooks');

    const wrong = await browser.post('/settings/delete', { confirm: 'yes' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('type “delete my account” to confirm; nothing was deleted');
    const ana = (await userByEmail(hub.store, 'ana@example.org'))!;
    expect((await libraryEntries(hub.store, ana.id)).length).toBe(3);

    const done = await browser.post('/settings/delete', { confirm: 'Delete my account' });
    expect(done.status).toBe(200);
    expect(browser.hasSession()).toBe(false);
    expect(await userByEmail(hub.store, 'ana@example.org')).toBeNull();
    expect(await libraryEntries(hub.store, ana.id)).toEqual([]);
    expect(await collectionsOf(hub.store, ana.id)).toEqual([]);
    expect(await feedbackOf(hub.store, ana.id)).toEqual({ more: [], less: [] });
    expect(await followsOf(hub.store, ana.id)).toEqual({ authors: [], categories: [] });
    expect(await filtersOf(hub.store, ana)).toEqual([]);
    expect(await hub.store.db.selectFrom('subscriptions').select('id').where('user_id', '=', ana.id).execute()).toEqual([]);
    const collectionPage = await hub.app.inject({ url: '/api/me/library', headers: { authorization: `Bearer ${token}` } });
    expect(collectionPage.statusCode).toBe(401);
    const comments = (await hub.app.inject({ url: '/api/papers/2603.00011/comments' })).json();
    expect(comments.map((c: { author: { name: string } }) => c.author.name)).toEqual(['Deleted member']);
    const routed = await hub.store.db
      .selectFrom('papers')
      .select('upvotes')
      .where('id', '=', '2603.00010')
      .executeTakeFirstOrThrow();
    expect(Number(routed.upvotes)).toBe(43);
  });
});
