import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { type DigestRunOptions, runDigest } from '../../src/jobs/digest-run.ts';
import { fakeClock } from '../../src/ingest/testdata/live/test-server.ts';
import { createMailer } from '../../src/mail/transport.ts';
import { SearchIndex } from '../../src/search/index.ts';
import { claimUnsentBatch, sendCounts } from '../../src/store/digests.ts';
import { findSubscriptionByEmail } from '../../src/store/subscriptions.ts';
import { DIGEST_NOW, readerAddress, seedConfirmedSubscribers, seedFeed } from '../support/digest-fixtures.ts';
import { copiesPerRecipient, headerLine, parseMail, startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const config = loadConfig({ BASE_URL: 'https://papers.test', SECRET: 'test-secret', DIGEST_SIZE: '3' });
const logger = pino({ level: 'silent' });
// Retries wait on a clock that moves when the run sleeps: no real waiting.
const retries = () => ({ now: DIGEST_NOW, retryBaseMs: 30_000, maxAttempts: 6, clock: fakeClock(DIGEST_NOW.getTime()) });

function expectOneCopyEach(received: TestSmtpServer['received'], count: number) {
  const copies = copiesPerRecipient(received);
  expect(copies.size).toBe(count);
  expect([...copies.values()].every((n) => n === 1)).toBe(true);
}

describe.each(DIALECTS)('digest run on %s', (dialect) => {
  let store: TestStore;
  let server: TestSmtpServer | null = null;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await seedFeed(store);
  });
  afterAll(async () => {
    await store.close();
  });
  beforeEach(async () => {
    await store.db.deleteFrom('subscriptions').execute();
  });
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  const run = (smtpUrl: string, options: Partial<DigestRunOptions> = {}) => {
    const mailer = createMailer({ smtpUrl, dataDir: '/nonexistent', mailFrom: config.mailFrom });
    return runDigest(
      { store, mailer, searchIndex: new SearchIndex(store, { logger }), config, logger },
      { frequency: 'daily', ...retries(), ...options },
    ).finally(() => mailer.close());
  };

  it('sends the top papers, narrowed to categories, once per subscriber however often it runs', async () => {
    await seedConfirmedSubscribers(store, 3);
    await store.db.updateTable('subscriptions').set({ categories: '["math"]' }).where('email', '=', readerAddress(3)).execute();
    server = await startSmtpServer();
    expect(await run(server.url)).toEqual({
      period: 'daily:2026-03-05',
      outcome: 'done',
      heading: 'Daily Papers — Thu, 5 Mar 2026',
      papers: 3,
      unsent: 0,
      sent: 3,
      empty: 0,
      failed: 0,
    });
    expect(await run(server.url)).toMatchObject({ outcome: 'done', sent: 0 });
    expectOneCopyEach(server.received, 3);

    const byRecipient = new Map(server.received.map((m) => [m.to[0], m]));
    const all = await parseMail(byRecipient.get(readerAddress(1))!);
    expect(all.subject).toBe('Daily Papers — Thu, 5 Mar 2026');
    expect(all.text!.match(/^\d+\. .*$/gm)).toEqual(['1. Paper number 1', '2. Paper number 2', '3. Paper number 3']);
    expect(headerLine(all, 'List-Unsubscribe')).toMatch(
      /^List-Unsubscribe: <https:\/\/papers\.test\/unsubscribe\?token=manage\.\d+\.nonce1\.\.[\w-]+>$/,
    );
    expect(headerLine(all, 'Message-ID')).toMatch(/^Message-ID: <daily\.2026-03-05\.\d+@papers\.test>$/);
    const maths = await parseMail(byRecipient.get(readerAddress(3))!);
    expect(maths.text!.match(/^\d+\. .*$/gm)).toEqual(['1. Paper number 2', '2. Paper number 4', '3. Paper number 6']);
  });

  it('reports what it would send on a dry run and sends nothing', async () => {
    await seedConfirmedSubscribers(store, 4);
    server = await startSmtpServer();
    expect(await run(server.url, { dryRun: true })).toMatchObject({ outcome: 'dry-run', papers: 3, unsent: 4, sent: 0 });
    expect(server.received).toHaveLength(0);
  });

  it('retries temporary failures with backoff and marks permanent ones, never sending twice', async () => {
    await seedConfirmedSubscribers(store, 4);
    let busy = 2;
    server = await startSmtpServer({
      rejectRecipient: (to) =>
        to === readerAddress(2)
          ? { code: 550, message: 'No such user' }
          : to === readerAddress(3) && busy-- > 0
            ? { code: 451, message: 'Try later' }
            : null,
    });
    const clock = fakeClock(DIGEST_NOW.getTime());
    expect(await run(server.url, { clock })).toMatchObject({ sent: 3, failed: 1 });
    // Two temporary failures: waits of 30 s, then twice that.
    expect(clock.sleeps).toEqual([30_000, 60_000]);
    expectOneCopyEach(server.received, 3);
    const period = 'daily:2026-03-05';
    expect(await sendCounts(store, period)).toEqual({ sent: 3, failed: 1 });
    const retried = await store.db
      .selectFrom('digest_sends as d')
      .innerJoin('subscriptions as s', 's.id', 'd.subscription_id')
      .select(['s.email', 'd.attempts', 'd.status'])
      .where('d.attempts', '>', 1)
      .execute();
    expect(retried).toEqual([{ email: readerAddress(3), attempts: 3, status: 'sent' }]);
    expect((await findSubscriptionByEmail(store, readerAddress(2)))!.status).toBe('confirmed');
  });

  it('delivers everything exactly once when the SMTP server stops halfway and comes back', async () => {
    await seedConfirmedSubscribers(store, 30);
    let back: Promise<TestSmtpServer> | null = null;
    const first: TestSmtpServer = await startSmtpServer({
      beforeAccept: () => {
        if (first.received.length < 10) return;
        // The 11th message is refused as the server goes down; it comes back once it is down.
        back ??= first.stop().then(async () => (server = await startSmtpServer({ port: first.port })));
        throw Object.assign(new Error('Server shutting down'), { responseCode: 421 });
      },
    });
    const clock = fakeClock(DIGEST_NOW.getTime());
    // The run's first wait for a retry lasts until the server is back.
    const sleep = async (ms: number) => {
      await back;
      await clock.sleep(ms);
    };
    expect(await run(first.url, { batchSize: 8, clock: { now: clock.now, sleep } })).toMatchObject({ sent: 30, failed: 0 });
    expect(first.received).toHaveLength(10);
    expectOneCopyEach([...first.received, ...server!.received], 30);
  });

  it('lets only one of two racing senders claim each subscriber', async () => {
    await seedConfirmedSubscribers(store, 50);
    const claim = (holder: string) =>
      claimUnsentBatch(store, { period: 'daily:race', frequency: 'daily', holder, afterId: 0, limit: 50, now: DIGEST_NOW });
    const [a, b] = await Promise.all([claim('a'), claim('b')]);
    expect(a.claimed.length + b.claimed.length).toBe(50);
    const ids = [...a.claimed, ...b.claimed].map((c) => c.subscription.id);
    expect(new Set(ids).size).toBe(50);
  });
});
