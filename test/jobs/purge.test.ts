import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPurge } from '../../src/jobs/purge-schedule.ts';
import { LOGIN_FAILURE_WINDOW_MS, signUp } from '../../src/social/accounts.ts';
import { insertLoginLinkUnlessMany, insertSession, recordLoginAttempt } from '../../src/store/accounts.ts';
import { acquireLease, releaseLease } from '../../src/store/leases.ts';
import { DELIVERY_LOG_DAYS } from '../../src/webhooks/webhooks.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
const HOUR = 3_600_000;
const logger = pino({ level: 'silent' });
const DAY = 24 * HOUR;

describe.each(DIALECTS)('the purge of expired logins and old webhook deliveries on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    const user = await signUp(store, { email: 'purge@example.org', password: 'a long password' }, at(-100 * HOUR));
    await insertSession(store, 'session-expired', user.id, at(-50 * HOUR), at(-HOUR));
    await insertSession(store, 'session-expiring-now', user.id, at(-50 * HOUR), NOW);
    await insertSession(store, 'session-live', user.id, at(-HOUR), at(HOUR));
    await insertLoginLinkUnlessMany(store, { tokenHash: 'link-expired', userId: user.id, expiresAt: at(-1) }, at(-HOUR), 10);
    await insertLoginLinkUnlessMany(store, { tokenHash: 'link-live', userId: user.id, expiresAt: at(15 * 60_000) }, NOW, 10);
    await recordLoginAttempt(store, ['old-a', 'old-b'], at(-LOGIN_FAILURE_WINDOW_MS - 1));
    await recordLoginAttempt(store, ['recent'], at(-LOGIN_FAILURE_WINDOW_MS + 1));
    const webhook = await store.db
      .insertInto('webhooks')
      .values({
        user_id: user.id,
        filter_id: 1,
        format: 'json',
        frequency: 'daily',
        url: 'https://example.org/hook',
        secret: 's',
        created_at: NOW.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const oldest = at(-DELIVERY_LOG_DAYS * DAY - 1);
    const delivery = (period: string, status: 'delivered' | 'failed' | 'empty' | 'pending', created: Date) => ({
      webhook_id: webhook.id,
      period,
      status,
      created_at: created.toISOString(),
    });
    await store.db
      .insertInto('webhook_deliveries')
      .values([
        delivery('old-delivered', 'delivered', oldest),
        delivery('old-failed', 'failed', oldest),
        delivery('old-empty', 'empty', oldest),
        delivery('old-pending', 'pending', oldest),
        delivery('recent-delivered', 'delivered', at(-DELIVERY_LOG_DAYS * DAY + HOUR)),
      ])
      .execute();
  });
  afterAll(async () => {
    await store.close();
  });

  const remaining = async () => ({
    sessions: (await store.db.selectFrom('sessions').select('token_hash').orderBy('token_hash').execute()).map(
      (r) => r.token_hash,
    ),
    links: (await store.db.selectFrom('login_links').select('token_hash').orderBy('token_hash').execute()).map(
      (r) => r.token_hash,
    ),
    failures: (await store.db.selectFrom('login_failures').select('key').orderBy('key').execute()).map((r) => r.key),
    deliveries: (await store.db.selectFrom('webhook_deliveries').select('period').orderBy('period').execute()).map(
      (r) => r.period,
    ),
  });

  it('does nothing while another process holds the purge lease', async () => {
    expect(await acquireLease(store, 'purge:expired', 'other process', 60_000, NOW)).toBe(true);
    expect(await runPurge({ store, logger }, 'this process', NOW)).toBeNull();
    expect((await remaining()).sessions).toHaveLength(3);
    await releaseLease(store, 'purge:expired', 'other process');
  });

  it('removes expired sessions and links, failures outside the lockout window and finished deliveries past the log, keeping the rest', async () => {
    expect(await runPurge({ store, logger }, 'this process', NOW)).toStrictEqual({
      sessions: 2,
      loginLinks: 1,
      loginFailures: 2,
      webhookDeliveries: 3,
    });
    expect(await remaining()).toStrictEqual({
      sessions: ['session-live'],
      links: ['link-live'],
      failures: ['recent'],
      deliveries: ['old-pending', 'recent-delivered'],
    });
  });

  it('finds nothing more to remove at the same moment, and the rest once time has passed', async () => {
    expect(await runPurge({ store, logger }, 'this process', NOW)).toStrictEqual({
      sessions: 0,
      loginLinks: 0,
      loginFailures: 0,
      webhookDeliveries: 0,
    });
    expect(await runPurge({ store, logger }, 'this process', at(2 * HOUR))).toStrictEqual({
      sessions: 1,
      loginLinks: 1,
      loginFailures: 1,
      webhookDeliveries: 1,
    });
    expect(await remaining()).toStrictEqual({ sessions: [], links: [], failures: [], deliveries: ['old-pending'] });
  });
});
