/**
 * The taste API on both stores: marks and follows as their owner, as another member (who sees
 * and changes nothing of them), as anonymous; each bad input with its exact refusal.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { insertFollows } from '../../src/store/follows.ts';
import { DIALECTS } from '../support/stores.ts';
import { Browser } from '../web/community-fixtures.ts';
import { figures, NOW, rewards, routing, saveFixtures, useTestApp } from '../web/fixtures.ts';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each(DIALECTS)('the taste API on %s', (dialect) => {
  const hub = useTestApp(dialect, (store) => saveFixtures(store, [routing, rewards, figures]));
  let ana = '';
  let ben = '';
  let benId = 0;

  beforeAll(async () => {
    const a = await signUp(hub.store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    const b = await signUp(hub.store, { email: 'ben@example.org', password: 'ben password', displayName: 'Ben' }, NOW);
    ana = (await createApiToken(hub.store, a.id, 'test', NOW)).token;
    ben = (await createApiToken(hub.store, b.id, 'test', NOW)).token;
    benId = b.id;
  });

  const call = async (token: string | null, method: string, url: string, payload?: unknown) => {
    const res = await hub.app.inject({
      method: method as 'GET',
      url,
      ...(payload !== undefined ? { payload: payload as object } : {}),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.statusCode, json: () => res.json(), headers: res.headers };
  };
  const answer = async (token: string | null, method: string, url: string, payload?: unknown) => {
    const res = await call(token, method, url, payload);
    return [res.status, res.status === 204 ? null : res.json()];
  };

  it('marks papers more like this or not interested, the latest word winning, and withdraws a mark', async () => {
    expect(await answer(ana, 'PUT', '/api/me/feedback/2603.00010', { kind: 'less' })).toEqual([
      200,
      { paperId: '2603.00010', title: routing.title, kind: 'less', createdAt: expect.stringMatching(ISO_INSTANT) },
    ]);
    expect((await call(ana, 'PUT', '/api/me/feedback/arXiv:2603.00011v1', { kind: 'more' })).json()).toMatchObject({
      paperId: '2603.00011',
      kind: 'more',
    });
    expect((await call(ana, 'PUT', '/api/me/feedback/2603.00010', { kind: 'more' })).json()).toMatchObject({ kind: 'more' });
    await call(ana, 'PUT', '/api/me/feedback/2602.00020', { kind: 'less' });
    const list = await call(ana, 'GET', '/api/me/feedback');
    expect(list.headers['cache-control']).toBe('no-store');
    expect(
      list
        .json()
        .map((f: { paperId: string; kind: string }) => [f.paperId, f.kind])
        .sort(),
    ).toEqual([
      ['2602.00020', 'less'],
      ['2603.00010', 'more'],
      ['2603.00011', 'more'],
    ]);
    expect(await answer(ana, 'DELETE', '/api/me/feedback/2602.00020')).toEqual([204, null]);
    expect(await answer(ana, 'DELETE', '/api/me/feedback/2602.00020')).toEqual([
      404,
      { error: 'You gave no feedback on paper 2602.00020' },
    ]);
  });

  it('follows authors (one follow per name, whatever its case and spaces) and categories, and unfollows', async () => {
    expect(await answer(ana, 'POST', '/api/me/follows', { author: '  Ana   Lima ' })).toEqual([
      200,
      { kind: 'author', value: 'Ana Lima', createdAt: expect.stringMatching(ISO_INSTANT) },
    ]);
    expect((await call(ana, 'POST', '/api/me/follows', { author: 'ana lima' })).json()).toMatchObject({ value: 'Ana Lima' });
    expect((await call(ana, 'POST', '/api/me/follows', { category: 'cs.CL' })).json()).toMatchObject({ kind: 'category' });
    await call(ana, 'POST', '/api/me/follows', { category: 'hep-th' });
    expect((await call(ana, 'GET', '/api/me/follows')).json().map((f: { value: string }) => f.value)).toEqual([
      'Ana Lima',
      'cs.CL',
      'hep-th',
    ]);
    expect(await answer(ana, 'DELETE', '/api/me/follows?category=hep-th')).toEqual([204, null]);
    expect(await answer(ana, 'DELETE', '/api/me/follows?category=hep-th')).toEqual([
      404,
      { error: 'You do not follow the category hep-th' },
    ]);
  });

  it('says everything it learned, and forgets marks and follows on reset (the library and upvotes stay)', async () => {
    await call(ana, 'POST', '/api/me/library', { paperId: '2603.00010' });
    await call(ana, 'POST', '/api/papers/2603.00010/upvote', {});
    const taste = await call(ana, 'GET', '/api/me/taste');
    expect(taste.headers['cache-control']).toBe('no-store');
    expect(taste.json()).toMatchObject({
      follows: [{ value: 'Ana Lima' }, { value: 'cs.CL' }],
      feedback: expect.arrayContaining([expect.objectContaining({ paperId: '2603.00010', kind: 'more' })]),
      saved: 1,
      upvoted: 1,
    });
    expect(await answer(ana, 'DELETE', '/api/me/taste')).toEqual([204, null]);
    expect((await call(ana, 'GET', '/api/me/taste')).json()).toEqual({ follows: [], feedback: [], saved: 1, upvoted: 1 });
  });

  it('shows and changes nothing of one member’s taste to another member, and nothing to anonymous', async () => {
    await call(ana, 'PUT', '/api/me/feedback/2603.00010', { kind: 'less' });
    await call(ana, 'POST', '/api/me/follows', { author: 'Ana Lima' });
    expect((await call(ben, 'GET', '/api/me/feedback')).json()).toEqual([]);
    expect((await call(ben, 'GET', '/api/me/follows')).json()).toEqual([]);
    expect((await call(ben, 'GET', '/api/me/taste')).json()).toEqual({ follows: [], feedback: [], saved: 0, upvoted: 0 });
    // Ben's withdrawals and reset reach only his own (empty) taste: the same 404 as for a paper nobody marked.
    expect(await answer(ben, 'DELETE', '/api/me/feedback/2603.00010')).toEqual([
      404,
      { error: 'You gave no feedback on paper 2603.00010' },
    ]);
    expect(await answer(ben, 'DELETE', '/api/me/follows?author=Ana%20Lima')).toEqual([
      404,
      { error: 'You do not follow the author Ana Lima' },
    ]);
    expect((await call(ben, 'DELETE', '/api/me/taste')).status).toBe(204);
    const anonymous = [
      ['GET', '/api/me/feedback'],
      ['PUT', '/api/me/feedback/2603.00010', { kind: 'more' }],
      ['DELETE', '/api/me/feedback/2603.00010'],
      ['GET', '/api/me/follows'],
      ['POST', '/api/me/follows', { author: 'Eve' }],
      ['DELETE', '/api/me/follows?author=Ana%20Lima'],
      ['GET', '/api/me/taste'],
      ['DELETE', '/api/me/taste'],
    ] as const;
    for (const [method, url, payload] of anonymous)
      expect((await call(null, method, url, payload)).status, `${method} ${url}`).toBe(401);
    // What Ana told the hub is all still there.
    expect((await call(ana, 'GET', '/api/me/taste')).json()).toMatchObject({
      follows: [{ value: 'Ana Lima' }],
      feedback: [{ paperId: '2603.00010', kind: 'less' }],
    });
  });

  it('needs the page’s CSRF token for a session write', async () => {
    const browser = new Browser(hub.app);
    await browser.logIn('ben@example.org', 'ben password');
    const res = await browser.request('PUT', '/api/me/feedback/2603.00010', JSON.stringify({ kind: 'more' }), {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(403);
    const withToken = await browser.request('PUT', '/api/me/feedback/2603.00010', JSON.stringify({ kind: 'more' }), {
      'content-type': 'application/json',
      'x-csrf-token': browser.csrf,
    });
    expect(withToken.status).toBe(200);
    await browser.request('DELETE', '/api/me/feedback/2603.00010', undefined, { 'x-csrf-token': browser.csrf });
  });

  it('refuses bad input in words and keeps what was there', async () => {
    expect(await answer(ana, 'PUT', '/api/me/feedback/2699.99999', { kind: 'more' })).toEqual([
      404,
      { error: 'Paper 2699.99999 not found' },
    ]);
    expect(await answer(ana, 'PUT', '/api/me/feedback/2603.00010', { kind: 'meh' })).toEqual([
      400,
      { error: 'Invalid kind "meh": parameter kind must be more or less' },
    ]);
    expect(await answer(ana, 'POST', '/api/me/follows', { category: 'Machine Learning' })).toEqual([
      400,
      { error: '“Machine Learning” is not an arXiv category or archive (like cs.CL, cs or hep-th)' },
    ]);
    expect(await answer(ana, 'POST', '/api/me/follows', { author: '   ' })).toEqual([
      400,
      { error: 'an author’s name cannot be empty' },
    ]);
    expect(await answer(ana, 'POST', '/api/me/follows', {})).toEqual([400, { error: 'send one of author or category' }]);
    expect(await answer(ana, 'POST', '/api/me/follows', { author: 'A', category: 'cs' })).toEqual([
      400,
      { error: 'send one of author or category' },
    ]);
    expect((await call(ana, 'GET', '/api/me/taste')).json()).toMatchObject({
      follows: [{ value: 'Ana Lima' }],
      feedback: [{ paperId: '2603.00010', kind: 'less' }],
    });
  });

  it('stops at a thousand follows, with a clear limit', async () => {
    // Ben follows 999 authors already (written directly: a thousand requests would only slow the test).
    await insertFollows(
      hub.store.db,
      Array.from({ length: 999 }, (_, i) => ({
        userId: benId,
        kind: 'author' as const,
        key: `author ${i}`,
        value: `Author ${i}`,
        createdAt: NOW.toISOString(),
      })),
    );
    expect((await call(ben, 'POST', '/api/me/follows', { category: 'cs' })).status).toBe(200);
    expect(await answer(ben, 'POST', '/api/me/follows', { category: 'cs.CL' })).toEqual([
      400,
      { error: 'you follow 1000 authors and categories, the most one member may: unfollow some first' },
    ]);
    // Following what is already followed still answers, and the limit kept everything there was.
    expect((await call(ben, 'POST', '/api/me/follows', { author: 'author 5' })).status).toBe(200);
    expect((await call(ben, 'GET', '/api/me/follows')).json()).toHaveLength(1000);
  });
});
