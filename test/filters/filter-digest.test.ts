/**
 * Saved filters by e-mail on both stores, through a real SMTP server: one digest per filter
 * with that filter's papers, exactly once per period, none for a filter that matches nothing,
 * and a one-click unsubscribe that ends one filter's digest and no other.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { createFilter, setFilterEmail } from '../../src/filters/index.ts';
import { runDigest } from '../../src/jobs/digest-run.ts';
import { createMailer } from '../../src/mail/transport.ts';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { requestSubscription } from '../../src/store/subscriptions.ts';
import { headerLine, parseMail, startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { testServer } from '../web/fixtures.ts';
import { NOW, seedFilterPapers, translation, vision } from './fixtures.ts';

const config = loadConfig({ BASE_URL: 'http://papers.test', SECRET: 'test', DIGEST_SIZE: '5' });
const logger = pino({ level: 'silent' });
const DIGEST_NOW = new Date('2026-03-05T07:00:00Z');

describe.each(DIALECTS)('saved-filter digests on %s', (dialect) => {
  const db = useTestStore(dialect, seedFilterPapers);
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
  });

  const run = (now = DIGEST_NOW) => {
    const mailer = createMailer({ smtpUrl: smtp.url, dataDir: '/nonexistent', mailFrom: config.mailFrom });
    return runDigest(
      { store: db.store, mailer, searchIndex: db.searchIndex, config, logger },
      { frequency: 'daily', now, retryBaseMs: 1, maxAttempts: 2 },
    ).finally(() => mailer.close());
  };
  const numbered = (text: string | undefined) => text!.match(/^\d+\. .*$/gm);

  it('sends each filter its own papers once, and nothing for a filter that matches nothing', async () => {
    const ana = await signUp(db.store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    const words = await createFilter(db.store, ana, { name: 'Translation', query: 'translation' }, NOW);
    const vis = await createFilter(db.store, ana, { name: 'Vision', categories: ['cs.CV'] }, NOW);
    const none = await createFilter(db.store, ana, { name: 'Nothing', query: 'quantum chromodynamics' }, NOW);
    for (const filter of [words, vis, none]) await setFilterEmail(db.store, ana, filter.id, 'daily', NOW);
    // The address's own digest goes on beside its filters'.
    const plain = await requestSubscription(db.store, {
      email: ana.email,
      frequency: 'daily',
      categories: [],
      query: null,
      userId: ana.id,
    });
    await db.store.db.updateTable('subscriptions').set({ status: 'confirmed' }).where('id', '=', plain.subscription.id).execute();

    expect(await run()).toMatchObject({ period: 'daily:2026-03-05', outcome: 'done', sent: 3, empty: 1, failed: 0 });
    expect(await run()).toMatchObject({ outcome: 'done', sent: 0, empty: 0 });
    expect(smtp.received).toHaveLength(3);

    const mails = await Promise.all(smtp.received.map((m) => parseMail(m)));
    const bySubject = new Map(mails.map((m) => [m.subject, m]));
    expect([...bySubject.keys()].sort()).toEqual([
      'Daily Papers — Thu, 5 Mar 2026',
      'Translation — Daily Papers — Thu, 5 Mar 2026',
      'Vision — Daily Papers — Thu, 5 Mar 2026',
    ]);
    expect(numbered(bySubject.get('Translation — Daily Papers — Thu, 5 Mar 2026')!.text)).toEqual([`1. ${translation.title}`]);
    const visionMail = bySubject.get('Vision — Daily Papers — Thu, 5 Mar 2026')!;
    expect(numbered(visionMail.text)).toEqual([`1. ${vision.title}`]);
    expect(visionMail.text).toContain(`Manage your subscription: http://papers.test/filters/${vis.id}`);
    expect(headerLine(visionMail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    // One click ends the Vision digest alone.
    const link = /^List-Unsubscribe: <http:\/\/papers\.test(\/unsubscribe\?token=[^>]+)>$/.exec(
      headerLine(visionMail, 'List-Unsubscribe')!,
    )![1]!;
    const app = await testServer(db.store);
    try {
      const click = await app.inject({
        method: 'POST',
        url: link,
        payload: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(click.statusCode).toBe(200);
      const token = (await createApiToken(db.store, ana.id, 'test', NOW)).token;
      const shown = await app.inject({
        method: 'GET',
        url: `/api/me/filters/${vis.id}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(shown.json()).toMatchObject({ name: 'Vision', email: null });
    } finally {
      await app.close();
    }
    smtp.received.length = 0;
    expect(await run(new Date('2026-03-06T07:00:00Z'))).toMatchObject({ period: 'daily:2026-03-06', sent: 2, empty: 1 });
    const next = await Promise.all(smtp.received.map((m) => parseMail(m)));
    expect(next.map((m) => m.subject).sort()).toEqual([
      'Daily Papers — Thu, 5 Mar 2026',
      'Translation — Daily Papers — Thu, 5 Mar 2026',
    ]);
  });
});
