/**
 * Webhooks on the hub's own saved filters (the composition root's source): a member posts
 * their filter's papers, may not hook another member's filter, and deleting the filter
 * deletes its webhooks.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { buildTestServer } from '../support/web-server.ts';
import { BASE_URL, NOW, routing, saveFixtures, testConfig, THREE_DAYS } from '../web/fixtures.ts';
import { type Receiver, startReceiver } from '../webhooks/support.ts';

describe.each(DIALECTS)('webhooks of saved filters on %s', (dialect) => {
  const db = useTestStore(dialect, (store) => saveFixtures(store, THREE_DAYS));
  let app: FastifyInstance;
  let receiver: Receiver;
  let ana = '';
  let bob = '';

  beforeAll(async () => {
    const a = await signUp(db.store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    const b = await signUp(db.store, { email: 'bob@example.org', password: 'bob password', displayName: 'Bob' }, NOW);
    ana = (await createApiToken(db.store, a.id, 'test', NOW)).token;
    bob = (await createApiToken(db.store, b.id, 'test', NOW)).token;
    // The operator allows private receivers: the test's is on 127.0.0.1.
    app = await buildTestServer({
      config: testConfig({ WEBHOOK_ALLOW_PRIVATE: '1' }),
      store: db.store,
      now: () => NOW,
      responseCacheSeconds: 0,
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.close();
  });

  const call = async (token: string, method: string, url: string, payload?: object) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      ...(payload ? { payload } : {}),
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };

  it('posts the filter’s papers, refuses another member’s filter, and goes with its filter', async () => {
    const filter = (await call(ana, 'POST', '/api/me/filters', { name: 'Routing', query: 'routing', scope: 'archive' })).body;
    const hookBob = await call(bob, 'POST', '/api/me/webhooks', { filterId: filter.id, format: 'json', url: receiver.url });
    expect(hookBob).toEqual({
      status: 400,
      body: { error: `you have no saved filter ${filter.id}: make one first, then add its webhook` },
    });
    expect(await call(bob, 'GET', '/api/me/webhooks', undefined)).toMatchObject({ status: 200, body: [] });

    const made = await call(ana, 'POST', '/api/me/webhooks', { filterId: filter.id, format: 'json', url: receiver.url });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ filterId: filter.id, filterName: 'Routing' });
    const tested = await call(ana, 'POST', `/api/me/webhooks/${made.body.id}/test`);
    expect(tested.body).toMatchObject({ status: 'delivered', statusCode: 200 });
    const posted = JSON.parse(receiver.posts[0]!.body);
    expect(posted.filter).toEqual({ id: filter.id, name: 'Routing', url: `${BASE_URL}/filters/${filter.id}` });
    expect(posted.papers.map((p: { paper: { id: string } }) => p.paper.id)).toEqual([routing.id]);

    expect((await call(ana, 'DELETE', `/api/me/filters/${filter.id}`)).status).toBe(204);
    expect((await call(ana, 'GET', `/api/me/webhooks/${made.body.id}`)).status).toBe(404);
    expect(await db.store.db.selectFrom('webhook_deliveries').select('webhook_id').execute()).toEqual([]);
  });
});
