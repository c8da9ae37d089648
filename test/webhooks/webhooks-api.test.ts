/**
 * The webhooks API and /settings/webhooks on both stores: made, read, changed, tested and
 * removed by their member only (another member and anonymous get nothing), bad input refused
 * in words with nothing changed, and the no-JS forms.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { buildTestServer } from '../support/web-server.ts';
import { Browser } from '../web/community-fixtures.ts';
import { NOW, saveFixtures, testConfig, THREE_DAYS } from '../web/fixtures.ts';
import { categorySource, type Receiver, startReceiver, type TestFilter, testWebhookDeps } from './support.ts';

const LEARNING = 1;
const BOBS = 2;

describe.each(DIALECTS)('the webhooks API and page on %s', (dialect) => {
  const db = useTestStore(dialect, (store) => saveFixtures(store, THREE_DAYS));
  let app: FastifyInstance;
  let ana = '';
  let bob = '';
  let receiver: Receiver;

  beforeAll(async () => {
    const a = await signUp(db.store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    const b = await signUp(db.store, { email: 'bob@example.org', password: 'bob password', displayName: 'Bob' }, NOW);
    ana = (await createApiToken(db.store, a.id, 'test', NOW)).token;
    bob = (await createApiToken(db.store, b.id, 'test', NOW)).token;
    const filters = new Map<number, TestFilter>([
      [LEARNING, { userId: a.id, name: 'Learning', categories: ['cs.LG'] }],
      [BOBS, { userId: b.id, name: 'Bob’s', categories: ['cs.CL'] }],
    ]);
    // As an operator who set WEBHOOK_ALLOW_PRIVATE=1: the test's receiver is on 127.0.0.1.
    const webhooks = testWebhookDeps(db.store, categorySource(db.store, filters), { allowPrivate: true });
    app = await buildTestServer({ config: testConfig(), store: db.store, webhooks, now: () => NOW, responseCacheSeconds: 0 });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.close();
  });
  afterEach(async () => {
    await db.store.db.deleteFrom('webhooks').execute();
    receiver.posts.length = 0;
  });

  const call = async (token: string | null, method: string, url: string, payload?: object) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      ...(payload ? { payload } : {}),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.statusCode, json: () => res.json(), headers: res.headers };
  };
  const create = (token = ana, body: object = {}) =>
    call(token, 'POST', '/api/me/webhooks', { filterId: LEARNING, format: 'json', url: receiver.url, ...body });

  it('makes a webhook, shows its secret once, changes it, rotates the secret and deletes it', async () => {
    const made = await create(ana, { format: 'slack', frequency: 'weekly' });
    expect(made.status).toBe(201);
    const webhook = made.json();
    expect(webhook).toEqual({
      id: expect.any(Number),
      filterId: LEARNING,
      filterName: 'Learning',
      format: 'slack',
      frequency: 'weekly',
      url: receiver.url,
      active: true,
      disabledAt: null,
      disabledReason: null,
      failedPeriods: 0,
      createdAt: NOW.toISOString(),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
    });
    expect(made.headers['cache-control']).toBe('no-store');
    const { secret, ...shown } = webhook;
    expect((await call(ana, 'GET', '/api/me/webhooks')).json()).toEqual([shown]);
    expect((await call(ana, 'GET', `/api/me/webhooks/${webhook.id}`)).json()).toEqual(shown);

    const changed = (await call(ana, 'PATCH', `/api/me/webhooks/${webhook.id}`, { format: 'discord', enabled: false })).json();
    expect(changed).toMatchObject({ format: 'discord', active: false, disabledReason: 'paused by its member' });
    expect(changed.secret).toBeUndefined();
    const rotated = (await call(ana, 'PATCH', `/api/me/webhooks/${webhook.id}`, { rotateSecret: true, enabled: true })).json();
    expect(rotated).toMatchObject({ active: true, secret: expect.stringMatching(/^whsec_/) });
    expect(rotated.secret).not.toBe(secret);

    expect((await call(ana, 'DELETE', `/api/me/webhooks/${webhook.id}`)).status).toBe(204);
    expect((await call(ana, 'GET', `/api/me/webhooks/${webhook.id}`)).json()).toEqual({
      error: `No webhook ${webhook.id} of yours`,
    });
  });

  it('refuses bad webhooks in words and keeps nothing of them', async () => {
    const refusals = [
      [{ filterId: BOBS }, 'you have no saved filter 2: make one first, then add its webhook'],
      [{ url: 'gopher://example.org/' }, 'a webhook URL starts with https:// or http://, not gopher://'],
      [{ url: 'not a url' }, '"not a url" is not a URL'],
      [{ url: 'http://user:pw@example.org/' }, 'a webhook URL may not carry a user name or password'],
      [{ url: 'http://nowhere.invalid/' }, /^nowhere\.invalid does not resolve \(E[A-Z_]+\)$/],
    ] as const;
    for (const [body, message] of refusals) {
      const refused = await create(ana, body);
      expect(refused.status).toBe(400);
      expect(refused.json().error).toMatch(message);
    }
    const format = await create(ana, { format: 'teams' });
    expect(format.status).toBe(400);
    expect(format.json().error).toMatch(/format/);
    expect((await call(ana, 'GET', '/api/me/webhooks')).json()).toEqual([]);
  });

  it('posts a test now and answers with the outcome, logged among the deliveries', async () => {
    const webhook = (await create()).json();
    const tested = await call(ana, 'POST', `/api/me/webhooks/${webhook.id}/test`);
    expect(tested.json()).toEqual({
      status: 'delivered',
      statusCode: 200,
      error: null,
      period: expect.stringMatching(new RegExp(`^test:${NOW.toISOString()}:[0-9a-f]{8}$`)),
    });
    const body = JSON.parse(receiver.posts[0]!.body);
    expect(body).toMatchObject({
      event: 'test',
      filter: { id: LEARNING, name: 'Learning' },
      period: { key: 'test', to: '2026-03-02' },
    });
    expect(body.papers.length).toBeGreaterThan(0);
    expect(body.papers.length).toBeLessThanOrEqual(3);

    const down = await startReceiver([{ status: 500, body: 'boom' }]);
    await call(ana, 'PATCH', `/api/me/webhooks/${webhook.id}`, { url: down.url });
    expect((await call(ana, 'POST', `/api/me/webhooks/${webhook.id}/test`)).json()).toMatchObject({
      status: 'failed',
      statusCode: 500,
      error: 'the receiver answered 500 Internal Server Error: boom',
    });
    await down.close();
    const log = (await call(ana, 'GET', `/api/me/webhooks/${webhook.id}/deliveries`)).json();
    expect(log.map((d: { status: string; attempts: number }) => [d.status, d.attempts])).toEqual([
      ['failed', 1],
      ['delivered', 1],
    ]);
  });

  it('answers only its member: another member gets 404, anonymous 401, a session write without CSRF 403', async () => {
    const webhook = (await create()).json();
    const paths = [
      ['GET', `/api/me/webhooks/${webhook.id}`],
      ['PATCH', `/api/me/webhooks/${webhook.id}`, { format: 'slack' }],
      ['POST', `/api/me/webhooks/${webhook.id}/test`],
      ['GET', `/api/me/webhooks/${webhook.id}/deliveries`],
      ['DELETE', `/api/me/webhooks/${webhook.id}`],
    ] as const;
    for (const [method, url, body] of paths) {
      const other = await call(bob, method, url, body);
      expect([other.status, other.json()]).toEqual([404, { error: `No webhook ${webhook.id} of yours` }]);
      expect((await call(null, method, url, body)).status).toBe(401);
    }
    expect((await call(bob, 'GET', '/api/me/webhooks')).json()).toEqual([]);
    expect((await call(null, 'GET', '/api/me/webhooks')).status).toBe(401);
    expect((await create(bob, { filterId: LEARNING })).json()).toEqual({
      error: 'you have no saved filter 1: make one first, then add its webhook',
    });
    expect(receiver.posts).toHaveLength(0);

    const browser = new Browser(app);
    await browser.logIn('ana@example.org', 'ana password');
    const noCsrf = await browser.request(
      'POST',
      '/api/me/webhooks',
      JSON.stringify({ filterId: LEARNING, format: 'json', url: receiver.url }),
      {
        'content-type': 'application/json',
      },
    );
    expect(noCsrf.status).toBe(403);
    expect((await call(ana, 'GET', '/api/me/webhooks')).json()).toHaveLength(1);
  });

  it('offers /settings/webhooks without JavaScript: add (the filter pre-selected), test, delete; a refused form keeps its input', async () => {
    expect((await new Browser(app).get('/settings/webhooks')).headers.location).toBe('/login?next=%2Fsettings%2Fwebhooks');
    const browser = new Browser(app);
    await browser.logIn('ana@example.org', 'ana password');
    expect((await browser.get('/settings')).body).toContain('<a href="/settings/webhooks">');
    const empty = await browser.get(`/settings/webhooks?filter=${LEARNING}`);
    expect(empty.status).toBe(200);
    expect(empty.headers['cache-control']).toBe('private, no-store');
    expect(empty.headers['content-security-policy']).toContain("script-src 'self'");
    expect(empty.body).toContain(`<option value="${LEARNING}" selected>Learning</option>`);

    const refused = await browser.post('/settings/webhooks', {
      filterId: String(LEARNING),
      format: 'discord',
      frequency: 'weekly',
      url: 'ftp://example.org/hook',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('role="alert"');
    expect(refused.body).toContain('a webhook URL starts with https:// or http://, not ftp://');
    expect(refused.body).toContain('value="ftp://example.org/hook"');
    expect(refused.body).toContain('<option value="discord" selected>');

    const added = await browser.post('/settings/webhooks', {
      filterId: String(LEARNING),
      format: 'json',
      frequency: 'daily',
      url: receiver.url,
    });
    expect(added.status).toBe(200);
    expect(added.body).toMatch(/Its signing secret, shown only this once: <code class="new-token">whsec_/);
    const id = (await call(ana, 'GET', '/api/me/webhooks')).json()[0].id;
    const tested = await browser.post(`/settings/webhooks/${id}/test`, {});
    expect(tested.body).toContain('Test delivered (the receiver answered 200).');
    expect(tested.body).toContain('<td>delivered</td>');
    expect((await browser.post(`/settings/webhooks/${id}/delete`, { _csrf: 'forged' })).status).toBe(403);
    const deleted = await browser.post(`/settings/webhooks/${id}/delete`, {});
    expect([deleted.status, deleted.headers.location]).toEqual([303, '/settings/webhooks']);
    expect((await call(ana, 'GET', '/api/me/webhooks')).json()).toEqual([]);
  });
});
