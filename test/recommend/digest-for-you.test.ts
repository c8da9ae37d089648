/** The daily digest's "For you" section, through a real SMTP server, on both stores. */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { savePapers as saveRecords } from '../../src/ingest/save-papers.ts';
import { runDigest } from '../../src/jobs/digest-run.ts';
import { savePapers } from '../../src/library/library.ts';
import { createMailer } from '../../src/mail/transport.ts';
import { SearchIndex } from '../../src/search/index.ts';
import { signUp } from '../../src/social/accounts.ts';
import { readerAddress, seedConfirmedSubscribers, seedFeed } from '../support/digest-fixtures.ts';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { LIBRARY, RECOMMEND_CORPUS } from './recommend-fixtures.ts';

const config = loadConfig({ BASE_URL: 'https://papers.test', SECRET: 'test-secret', DIGEST_SIZE: '3' });
const logger = pino({ level: 'silent' });
/** The feed day is 4 February: the section takes papers published on it and the day before. */
const FEED_DAY = '2026-02-04';
const NOW = new Date(`${FEED_DAY}T07:00:00Z`);

describe.each(DIALECTS)('the For you section of the daily digest on %s', (dialect) => {
  let store: TestStore;
  let server: TestSmtpServer;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await saveRecords(store, RECOMMEND_CORPUS, { feedCategories: [], now: NOW });
    await seedFeed(store, FEED_DAY);
    // Three subscribers: reader1 a member with a library, reader2 a member with one saved paper, reader3 no member.
    await seedConfirmedSubscribers(store, 3);
    for (const [i, saved] of [
      [1, LIBRARY.map((p) => p.id)],
      [2, [LIBRARY[0]!.id]],
    ] as const) {
      const member = await signUp(store, { email: readerAddress(i), password: 'a password', displayName: `Reader ${i}` }, NOW);
      await savePapers(store, member, saved, NOW);
      await store.db.updateTable('subscriptions').set({ user_id: member.id }).where('email', '=', readerAddress(i)).execute();
    }
    server = await startSmtpServer();
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  it('adds up to five recommended papers with their reasons to a member’s digest, in text and HTML', async () => {
    const mailer = createMailer({ smtpUrl: server.url, dataDir: '/nonexistent', mailFrom: config.mailFrom });
    const report = await runDigest(
      { store, mailer, searchIndex: new SearchIndex(store, { logger }), config, logger },
      { frequency: 'daily', now: NOW },
    ).finally(() => mailer.close());
    expect(report).toMatchObject({ outcome: 'done', sent: 3 });
    const mails = new Map(await Promise.all(server.received.map(async (m) => [m.to[0], await parseMail(m)] as const)));

    const member = mails.get(readerAddress(1))!;
    const section = member.text!.slice(member.text!.indexOf('For you'));
    expect(section.split('\n').slice(0, 9)).toEqual([
      'For you',
      '',
      '1. Sparse Attention and Expert Routing for Million Token Contexts',
      '   Why: like “Expert Routing Under Memory Budgets” you saved',
      '   https://papers.test/papers/2602.00301',
      '',
      '2. Selective State Space Layers for Long Sequences',
      '   Why: like “State Space Models Meet Long Context” you saved',
      '   https://papers.test/papers/2602.00302',
    ]);
    expect(section).toContain('More for you: https://papers.test/papers/for-you');
    // The window is the digest's day and the day before: February 5's paper by the library's author waits.
    expect(section).not.toContain('A Note on Benchmarks');
    expect(member.html).toContain('<h2 style="font-size:1.1em">For you</h2>');
    expect(member.html).toContain(
      '<a href="https://papers.test/papers/2602.00301"><strong>Sparse Attention and Expert Routing for Million Token Contexts</strong></a><br>\n<span style="color:#555">Why: like “Expert Routing Under Memory Budgets” you saved</span>',
    );
    // The digest itself is unchanged above the section.
    expect(member.text!.match(/^\d+\. Paper number .*$/gm)).toEqual([
      '1. Paper number 1',
      '2. Paper number 2',
      '3. Paper number 3',
    ]);

    // Too few signals (one saved paper), or no member: no section.
    for (const i of [2, 3]) {
      expect(mails.get(readerAddress(i))!.text).not.toContain('For you');
      expect(mails.get(readerAddress(i))!.html).not.toContain('For you');
    }
  });
});
