import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import type { User } from '../../src/store/accounts.ts';
import type { TestServer } from '../../src/ingest/testdata/live/test-server.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { Browser, communityServer, mailedLink, startArxiv } from './community-fixtures.ts';
import { routing, saveFixtures, THREE_DAYS } from './fixtures.ts';

type DailyItem = { paper: { id: string }; numComments: number };
const NAME_ATTACK = '<img src=x onerror=alert("name")>';
const now = new Date('2026-03-02T12:00:00Z');

describe.each(DIALECTS)('community on the web, %s', (dialect) => {
  let store: TestStore;
  let arxiv: TestServer;
  let app: FastifyInstance;
  let outbox: () => string[];
  let ana: User, mod: User;
  let anaToken: string, bobToken: string, modToken: string;

  const api = (method: string, url: string, token: string | null, body?: unknown) =>
    app.inject({
      method: method as 'POST',
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    });

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await saveFixtures(store, THREE_DAYS);
    arxiv = await startArxiv();
    ({ app, outbox } = await communityServer(store, arxiv.url));
    ana = await signUp(store, { email: 'ana@example.org', password: 'ana password', displayName: NAME_ATTACK }, now);
    const bob = await signUp(store, { email: 'bob@example.org', password: 'bob password', displayName: 'Bob' }, now);
    mod = await signUp(store, { email: 'mod@example.org', password: 'mod password', displayName: 'Mod', role: 'moderator' }, now);
    const tokenOf = async (user: User) => (await createApiToken(store, user.id, 't', now)).token;
    [anaToken, bobToken, modToken] = await Promise.all([tokenOf(ana), tokenOf(bob), tokenOf(mod)]);
  });
  afterAll(async () => {
    await app.close();
    await arxiv.close();
    await store.close();
  });

  it('upvotes through the API with a token, answering {upvotes, upvoted}', async () => {
    expect((await api('POST', '/api/papers/2603.00010/upvote', null)).statusCode).toBe(401);
    expect((await api('POST', '/api/papers/2603.00010/upvote', 'dp_not-a-token')).statusCode).toBe(401);
    expect((await api('POST', '/api/papers/2603.00010/upvote', anaToken)).json()).toEqual({ upvotes: 43, upvoted: true });
    expect((await api('POST', '/api/papers/2603.00010/upvote', anaToken)).json()).toEqual({ upvotes: 43, upvoted: true });
    expect((await api('POST', '/api/papers/2603.00010/upvote', bobToken)).json()).toEqual({ upvotes: 44, upvoted: true });
    expect((await api('DELETE', '/api/papers/2603.00010/upvote', bobToken)).json()).toEqual({ upvotes: 43, upvoted: false });
    expect((await api('POST', '/api/papers/2699.99999/upvote', anaToken)).statusCode).toBe(404);
    expect((await api('POST', '/api/papers/hep-th%2F9901001/upvote', anaToken)).json()).toMatchObject({ upvoted: true });
    expect((await api('GET', '/api/papers/2603.00010', null)).json()).toMatchObject({ upvotes: 43 });
  });

  it('ranks by the formula for sort=trending and explains a rank', async () => {
    const ids = (await api('GET', '/api/daily_papers?date=2026-03-02&sort=trending', null))
      .json<DailyItem[]>()
      .map((i) => i.paper.id);
    expect(ids[0]).toBe('2603.00010');
    const why = (await api('GET', '/api/papers/2603.00010/trending', null)).json();
    expect(why).toMatchObject({ paperId: '2603.00010', rank: 1, counts: { localUpvotes: 1, sourceUpvotes: 42, commenters: 0 } });
    expect((await api('GET', '/api/papers/2699.99999/trending', null)).statusCode).toBe(404);
  });

  it('takes comments with one level of replies; only authors edit or delete; moderators hide', async () => {
    const top = await api('POST', '/api/papers/2603.00010/comments', anaToken, {
      text: 'Nice <script>alert(1)</script> [x](javascript:alert(2))',
    });
    expect(top.statusCode).toBe(201);
    const topId = top.json().id;
    // The link is not made a link (markdown-it refuses javascript: URLs), and the script tag is text.
    expect(top.json().html).toBe('<p>Nice &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(2))</p>');
    const reply = await api('POST', '/api/papers/2603.00010/comments', bobToken, { text: 'Spam reply', parentId: topId });
    expect(reply.statusCode).toBe(201);
    expect(
      (await api('POST', '/api/papers/2603.00010/comments', anaToken, { text: 'Too deep', parentId: reply.json().id }))
        .statusCode,
    ).toBe(400);
    expect((await api('POST', '/api/papers/2603.00010/comments', null, { text: 'Anonymous' })).statusCode).toBe(401);
    expect((await api('PATCH', `/api/comments/${topId}`, bobToken, { text: 'hijack' })).statusCode).toBe(403);
    expect((await api('DELETE', `/api/comments/${topId}`, bobToken)).statusCode).toBe(403);
    expect((await api('PATCH', `/api/comments/${topId}`, anaToken, { text: 'Nice, edited' })).json()).toMatchObject({
      text: 'Nice, edited',
      editedAt: now.toISOString(),
    });

    expect((await api('POST', `/api/comments/${reply.json().id}/hide`, anaToken, { reason: 'spam' })).statusCode).toBe(403);
    expect((await api('POST', `/api/comments/${reply.json().id}/hide`, modToken, { reason: 'spam' })).json()).toEqual({
      hidden: true,
    });
    const asMember = (await api('GET', '/api/papers/2603.00010/comments', anaToken)).json();
    expect(asMember).toHaveLength(1);
    expect(asMember[0].replies).toEqual([]);
    const asModerator = (await api('GET', '/api/papers/2603.00010/comments', modToken)).json();
    expect(asModerator[0].replies[0]).toMatchObject({ text: 'Spam reply', hidden: true, hiddenReason: 'spam' });

    const detail = (await api('GET', '/api/papers/2603.00010?field=comments', null)).json();
    expect(detail.numComments).toBe(1);
    expect(detail.comments.map((c: { text: string }) => c.text)).toEqual(['Nice, edited']);
    const daily = (await api('GET', '/api/daily_papers?date=2026-03-02', null)).json();
    expect(daily.find((i: DailyItem) => i.paper.id === '2603.00010').numComments).toBe(1);
  });

  it('submits by id through the API, fetching unknown papers from arXiv', async () => {
    const first = await api('POST', '/api/daily_papers', anaToken, { arxivId: 'https://arxiv.org/abs/2602.01234' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ id: '2602.01234', submittedOnDailyBy: { name: ana.handle }, alreadySubmitted: false });
    const second = await api('POST', '/api/daily_papers', bobToken, { arxivId: '2602.01234v1' });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ submittedOnDailyBy: { name: ana.handle }, alreadySubmitted: true });
    const refused = await api('POST', '/api/daily_papers', anaToken, { arxivId: 'not-an-id' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toContain('"not-an-id" is not an arXiv id');
    expect((await api('POST', '/api/daily_papers', anaToken, { arxivId: '2602.07777' })).json()).toEqual({
      error: 'arXiv has no paper 2602.07777',
    });
    const indexed = await api('POST', '/api/papers/index', anaToken, { arxivId: '2401.00001' });
    expect(indexed.json()).toMatchObject({ id: '2401.00001', title: 'An Old Paper' });
    expect(indexed.json().submittedOnDailyAt).toBeUndefined();
    expect((await api('POST', '/api/papers/index', null, { arxivId: '2401.00001' })).statusCode).toBe(401);
  });

  it('refuses form posts without the CSRF token, and session API writes without x-csrf-token', async () => {
    const member = new Browser(app);
    expect((await member.logIn('ana@example.org', 'ana password')).status).toBe(303);
    expect(member.hasSession()).toBe(true);
    await member.get('/papers/2603.00011');
    expect((await member.post('/community/upvote', { paperId: '2603.00011', upvote: 'on', _csrf: '' })).status).toBe(403);
    expect((await member.post('/community/upvote', { paperId: '2603.00011', upvote: 'on', _csrf: 'forged' })).status).toBe(403);
    const voted = await member.post('/community/upvote', { paperId: '2603.00011', upvote: 'on' });
    expect(voted).toMatchObject({ status: 303, headers: { location: '/papers/2603.00011' } });
    const page = await member.get('/papers/2603.00011');
    expect(page.body).toContain('aria-pressed="true"');
    expect(page.body).toContain('aria-label="8 upvotes">8</button>');

    expect((await member.request('DELETE', '/api/papers/2603.00011/upvote')).status).toBe(403);
    const viaScript = await member.request('DELETE', '/api/papers/2603.00011/upvote', undefined, { 'x-csrf-token': member.csrf });
    expect(viaScript.json()).toEqual({ upvotes: 7, upvoted: false });
  });

  it('signs up, posts a comment through the form, and logs out', async () => {
    const newcomer = new Browser(app);
    await newcomer.get('/signup');
    expect((await newcomer.post('/signup', { email: 'new@example.org', password: 'short', name: 'New' })).status).toBe(400);
    const signedUp = await newcomer.post('/signup', { email: 'new@example.org', password: 'long enough', name: 'New Person' });
    expect(signedUp.status).toBe(200);
    expect(signedUp.body).toContain('A mail to new@example.org has a link to log in.');
    expect(newcomer.hasSession()).toBe(false);
    const link = await mailedLink(outbox, 'new@example.org');
    expect(outbox().find((m) => m.includes('To: new@example.org'))).toContain('Subject: Welcome to Daily Papers');
    await newcomer.get(`/login/link?token=${encodeURIComponent(link)}`);
    expect((await newcomer.post('/login/link/use', { token: link })).status).toBe(303);
    await newcomer.get('/papers/2603.00011');
    const posted = await newcomer.post('/community/comment', { paperId: '2603.00011', text: 'Hello **world**' });
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toMatch(/^\/papers\/2603\.00011#comment-\d+$/);
    const page = await newcomer.get('/papers/2603.00011');
    expect(page.body).toContain('<div class="comment-body"><p>Hello <strong>world</strong></p></div>');
    expect((await newcomer.get('/settings')).body).toContain('@new-person');
    expect((await newcomer.post('/logout', {})).status).toBe(303);
    expect((await newcomer.get('/settings')).headers.location).toBe('/login');
  });

  it('lets a new account’s password log in only once its address has opened a mailed link', async () => {
    const newcomer = new Browser(app);
    await newcomer.get('/signup');
    await newcomer.post('/signup', { email: 'unproven@example.org', password: 'long enough', name: 'Unproven' });
    await newcomer.get('/login');
    const early = await newcomer.post('/login', { email: 'unproven@example.org', password: 'long enough' });
    expect(early.status).toBe(403);
    expect(early.body).toContain(
      'confirm that unproven@example.org is yours before logging in with a password: open the link in the mail we sent it, or have a new one sent below',
    );
    // The resend form below the message is filled in with the address.
    expect(early.body).toMatch(/<form method="post" action="\/login\/link">[^]*?value="unproven@example.org"/);
    expect(newcomer.hasSession()).toBe(false);
    // The wrong password still gets the answer every wrong password gets.
    const wrong = await newcomer.post('/login', { email: 'unproven@example.org', password: 'not the password' });
    expect([wrong.status, wrong.body.includes('wrong e-mail address or password')]).toEqual([401, true]);

    const resent = await newcomer.post('/login/link', { email: 'unproven@example.org' });
    expect(resent.body).toContain('If an account uses that address, a login link is on its way.');
    const link = await mailedLink(outbox, 'unproven@example.org');
    const proven = new Browser(app);
    await proven.get(`/login/link?token=${encodeURIComponent(link)}`);
    expect((await proven.post('/login/link/use', { token: link })).status).toBe(303);
    const later = new Browser(app);
    expect((await later.logIn('unproven@example.org', 'long enough')).status).toBe(303);
    expect(later.hasSession()).toBe(true);
  });

  it('creates API tokens on /settings, shown once', async () => {
    const member = new Browser(app);
    await member.logIn('bob@example.org', 'bob password');
    await member.get('/settings');
    const created = await member.post('/settings/tokens', { name: 'script' });
    const token = /<code class="new-token">([^<]+)<\/code>/.exec(created.body)![1]!;
    expect((await api('POST', '/api/papers/2603.00011/upvote', token)).json()).toMatchObject({ upvoted: true });
    expect((await member.get('/settings')).body).not.toContain(token);
  });

  it('answers 429 with Retry-After after 10 failed logins for an account', async () => {
    await signUp(store, { email: 'target@example.org', password: 'target password' }, now);
    const attacker = new Browser(app, '203.0.113.9');
    await attacker.get('/login');
    for (let i = 0; i < 10; i++)
      expect((await attacker.post('/login', { email: 'target@example.org', password: `guess ${i}` })).status).toBe(401);
    const blocked = await new Browser(app, '203.0.113.10').logIn('target@example.org', 'target password');
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('900');
  });

  it('logs in once with an e-mailed link', async () => {
    const member = new Browser(app);
    await member.get('/login');
    const asked = await member.post('/login/link', { email: 'ana@example.org' });
    expect(asked.body).toContain('If an account uses that address, a login link is on its way.');
    const unknown = await member.post('/login/link', { email: 'nobody@example.org' });
    expect([unknown.status, unknown.body.replace(/value="[^"]*"/g, '')]).toEqual([
      asked.status,
      asked.body.replace(/value="[^"]*"/g, ''),
    ]);
    const token = await mailedLink(outbox, 'ana@example.org');
    expect(
      outbox().filter((m) => m.includes('To: ana@example.org') && m.includes('Subject: Your Daily Papers login link')),
    ).toHaveLength(1);
    const page = await member.get(`/login/link?token=${encodeURIComponent(token)}`);
    expect(page.body).toContain('Log in to Daily Papers');
    expect(member.hasSession()).toBe(false);
    expect((await member.post('/login/link/use', { token })).status).toBe(303);
    expect(member.hasSession()).toBe(true);
    const again = new Browser(app);
    await again.get(`/login/link?token=${encodeURIComponent(token)}`);
    expect((await again.post('/login/link/use', { token })).status).toBe(401);
  });

  it('refuses a login link with its token given twice, as every mailed link does', async () => {
    const page = await new Browser(app).get('/login/link?token=first&token=second');
    expect(page.status).toBe(400);
    expect(page.body).toContain('Parameter token was given 2 times: give it once');
    expect(page.body).not.toContain('first,second');
  });

  it('keeps a hidden paper from members: no upvotes, no comments, 404 pages; moderators still see it', async () => {
    const moderator = new Browser(app);
    await moderator.logIn('mod@example.org', 'mod password');
    await moderator.get('/moderation');
    const hide = await moderator.post('/moderation/paper', { paperId: '2602.00020', hidden: 'true', reason: 'duplicate' });
    expect(hide.status).toBe(303);
    const before = (await api('GET', '/api/papers/2602.00020', modToken)).json<{ upvotes: number }>().upvotes;
    for (const token of [anaToken, modToken]) {
      const upvote = await api('POST', '/api/papers/2602.00020/upvote', token);
      expect([upvote.statusCode, upvote.json()]).toEqual([404, { error: 'no paper 2602.00020' }]);
    }
    const comment = await api('POST', '/api/papers/2602.00020/comments', anaToken, { text: 'still here?' });
    expect([comment.statusCode, comment.json()]).toEqual([404, { error: 'no paper 2602.00020' }]);
    expect((await api('GET', '/api/papers/2602.00020', modToken)).json()).toMatchObject({ upvotes: before });

    for (const token of [null, anaToken]) {
      expect((await api('GET', '/api/papers/2602.00020', token)).statusCode).toBe(404);
      expect((await api('GET', '/api/papers/2602.00020/similar', token)).statusCode).toBe(404);
    }
    expect((await new Browser(app).get('/papers/2602.00020')).status).toBe(404);
    const member = new Browser(app);
    await member.logIn('ana@example.org', 'ana password');
    expect((await member.get('/papers/2602.00020')).status).toBe(404);
    expect((await moderator.get('/papers/2602.00020')).status).toBe(200);
    expect((await api('GET', '/api/papers/2602.00020', modToken)).statusCode).toBe(200);
    await moderator.get('/moderation');
    await moderator.post('/moderation/paper', { paperId: '2602.00020', hidden: 'false', reason: 'not a duplicate' });
    expect((await api('POST', '/api/papers/2602.00020/upvote', anaToken)).json()).toEqual({ upvotes: before + 1, upvoted: true });
  });

  it('keeps replies to a hidden comment visible under a placeholder', async () => {
    const top = (await api('POST', '/api/papers/2602.00020/comments', bobToken, { text: 'Rude remark' })).json<{ id: number }>();
    await api('POST', '/api/papers/2602.00020/comments', anaToken, { text: 'A civil answer', parentId: top.id });
    await api('POST', `/api/comments/${top.id}/hide`, modToken, { reason: 'rude' });
    const thread = (await api('GET', '/api/papers/2602.00020/comments', anaToken)).json<Record<string, unknown>[]>();
    const hidden = thread.find((c) => c.id === top.id)!;
    expect(hidden).toMatchObject({ author: null, text: '', html: '', hidden: true, hiddenReason: 'rude' });
    expect((hidden.replies as { text: string }[]).map((r) => r.text)).toEqual(['A civil answer']);
    const page = (await new Browser(app).get('/papers/2602.00020')).body;
    expect(page).toContain('[hidden by a moderator]');
    expect(page).toContain('A civil answer');
    expect(page).not.toContain('Rude remark');
    const asModerator = (await api('GET', '/api/papers/2602.00020/comments', modToken)).json<Record<string, unknown>[]>();
    expect(asModerator.find((c) => c.id === top.id)).toMatchObject({ text: 'Rude remark', hidden: true });
  });

  it('shows moderation actions on /moderation and the trending list at /papers/trending', async () => {
    const moderator = new Browser(app);
    await moderator.logIn('mod@example.org', 'mod password');
    await moderator.get('/moderation');
    expect(
      (await moderator.post('/moderation/paper', { paperId: '2603.00666', hidden: 'true', reason: 'XSS test <b>paper</b>' }))
        .status,
    ).toBe(303);
    const log = (await new Browser(app).get('/moderation')).body;
    expect(log).toContain('@mod hid paper <a href="/papers/2603.00666">2603.00666</a>: <q>XSS test &lt;b>paper&lt;/b></q>');
    expect(log).toContain('hid comment');
    const trending = (await app.inject('/papers/trending')).body;
    expect(trending).toContain('<h1>Trending</h1>');
    expect(trending.indexOf(routing.title)).toBeGreaterThan(0);
    expect(trending).not.toContain('Injected title');
  });
});
