/** A member's webhooks in their export (without secrets) and gone with their account, delivery logs too, on both stores. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { enqueuePeriod } from '../../src/webhooks/delivery.ts';
import { createWebhook } from '../../src/webhooks/webhooks.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { buildTestServer } from '../support/web-server.ts';
import { Browser } from '../web/community-fixtures.ts';
import { NOW, saveFixtures, testConfig, THREE_DAYS } from '../web/fixtures.ts';
import { categorySource, testWebhookDeps } from './support.ts';

describe.each(DIALECTS)('webhooks in a member’s data on %s', (dialect) => {
  const db = useTestStore(dialect, (store) => saveFixtures(store, THREE_DAYS));
  let app: FastifyInstance;
  let token = '';
  let secret = '';

  beforeAll(async () => {
    const ana = await signUp(db.store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    token = (await createApiToken(db.store, ana.id, 'test', NOW)).token;
    const source = categorySource(db.store, new Map([[5, { userId: ana.id, name: 'Learning', categories: ['cs.LG'] }]]));
    // WEBHOOK_ALLOW_PRIVATE=1, as for any receiver on this machine; nothing is posted here.
    const webhooks = testWebhookDeps(db.store, source, { allowPrivate: true });
    const made = await createWebhook(webhooks, ana, { filterId: 5, format: 'discord', url: 'http://127.0.0.1:9/hook' }, NOW);
    secret = made.secret;
    await enqueuePeriod(webhooks, { frequency: 'daily', key: 'daily:2026-03-02', from: '2026-03-02', to: '2026-03-02' }, NOW);
    app = await buildTestServer({ config: testConfig(), store: db.store, webhooks });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('exports the webhooks without their secrets', async () => {
    const res = await app.inject({ url: '/api/me/export', headers: { authorization: `Bearer ${token}` } });
    expect(res.json().webhooks).toEqual([
      {
        filterId: 5,
        format: 'discord',
        frequency: 'daily',
        url: 'http://127.0.0.1:9/hook',
        active: true,
        createdAt: NOW.toISOString(),
      },
    ]);
    expect(res.body).not.toContain(secret);
  });

  it('deletes them and their delivery logs with the account, as the page says beforehand', async () => {
    const browser = new Browser(app);
    await browser.logIn('ana@example.org', 'ana password');
    expect((await browser.get('/settings/delete')).body).toContain('<li>your webhooks and their delivery logs</li>');
    expect((await db.store.db.selectFrom('webhook_deliveries').select('id').execute()).length).toBe(1);
    expect((await browser.post('/settings/delete', { confirm: 'Delete my account' })).status).toBe(200);
    expect(await db.store.db.selectFrom('webhooks').select('id').execute()).toEqual([]);
    expect(await db.store.db.selectFrom('webhook_deliveries').select('id').execute()).toEqual([]);
  });
});
