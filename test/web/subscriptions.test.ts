import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config.ts';
import { runDigest } from '../../src/jobs/digest-run.ts';
import { signToken } from '../../src/mail/tokens.ts';
import { signUp, startSession } from '../../src/social/accounts.ts';
import { createMailer } from '../../src/mail/transport.ts';
import { findSubscriptionByEmail } from '../../src/store/subscriptions.ts';
import { SearchIndex } from '../../src/search/index.ts';
import { buildTestServer } from '../support/web-server.ts';
import { DIGEST_NOW, seedFeed } from '../support/digest-fixtures.ts';
import { headerLine, parseMail, startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { testConfig } from './fixtures.ts';

describe.each(DIALECTS)('subscriptions over HTTP on %s', (dialect) => {
  let store: TestStore;
  let smtp: TestSmtpServer;
  let app: FastifyInstance;
  let origin: string;
  let config: Config;
  const dataDir = mkdtempSync(join(tmpdir(), 'dp-web-mail-'));

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await seedFeed(store);
    smtp = await startSmtpServer();
    config = testConfig({ SMTP_URL: smtp.url, DATA_DIR: dataDir, BASE_URL: 'https://papers.test' });
    app = await buildTestServer({ config, store });
    origin = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await store.close();
  });
  beforeEach(async () => {
    await store.db.deleteFrom('subscriptions').execute();
    smtp.received.length = 0;
  });

  /** Follows a link from a mail against the test server, as a reader's browser would. */
  const follow = (link: string, init?: RequestInit) => {
    const url = new URL(link);
    expect(url.origin).toBe('https://papers.test');
    return fetch(`${origin}${url.pathname}${url.search}`, { redirect: 'manual', ...init });
  };
  /** Presses the confirmation page's one button. */
  const confirm = (link: string) => follow(link, { method: 'POST' });
  /** Opens the subscribe form, as a browser does, for its CSRF cookie and token. */
  const openForm = async () => {
    const res = await fetch(`${origin}/subscribe`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;
    return { cookie, csrf };
  };
  const postForm = (form: { cookie: string; csrf: string }, body: string) =>
    fetch(`${origin}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
      body: `_csrf=${encodeURIComponent(form.csrf)}&${body}`,
    });
  const postJson = (body: unknown) =>
    fetch(`${origin}/api/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const titleOf = (html: string) => /<h1>(.*?)<\/h1>/.exec(html)![1];
  const status = async (email: string) => (await findSubscriptionByEmail(store, email))?.status ?? null;

  it('subscribes through the API, mails a confirmation link, and confirms when it is followed', async () => {
    const res = await postJson({ email: 'Ada@Example.org', frequency: 'weekly', categories: ['cs.CL'] });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      status: 'pending',
      message: 'If this address can receive mail, a link to confirm the subscription is on its way.',
    });
    expect(smtp.received.map((m) => m.to)).toEqual([['ada@example.org']]);
    const mail = await parseMail(smtp.received[0]!);
    expect(mail.subject).toBe('Confirm your Daily Papers subscription');
    const link = /Confirm: (\S+)/.exec(mail.text!)![1]!;
    expect(await status('ada@example.org')).toBe('pending');

    // Following the link (as a mail scanner prefetching it does) shows one button and changes nothing.
    for (let i = 0; i < 3; i++) {
      const opened = await follow(link);
      expect(opened.status).toBe(200);
      const page = await opened.text();
      expect(titleOf(page)).toBe('Confirm your subscription');
      const main = page.slice(page.indexOf('<main'));
      expect(main.match(/<button /g)).toHaveLength(1);
      expect(main).toContain(`<form method="post" action="${new URL(link).pathname}${new URL(link).search}">`);
    }
    expect(await status('ada@example.org')).toBe('pending');

    const confirmed = await confirm(link);
    expect(confirmed.status).toBe(200);
    const page = await confirmed.text();
    expect(titleOf(page)).toBe('Subscription confirmed');
    expect(page).toContain('The weekly digest will go to ada@example.org.');
    expect(await status('ada@example.org')).toBe('confirmed');
    expect(titleOf(await (await confirm(link)).text())).toBe('Already confirmed');
    expect(titleOf(await (await follow(link)).text())).toBe('Already confirmed');
  });

  it.each([
    ['/confirm?token=a&token=b', 'GET'],
    ['/confirm?token=a&token=b', 'POST'],
    ['/unsubscribe?token=a&token=b', 'GET'],
    ['/unsubscribe?token=a&token=b', 'POST'],
    ['/subscribe?token=a&token=b', 'GET'],
    ['/subscribe/manage?token=a&token=b', 'POST'],
  ])('answers a repeated token on %s (%s) with 400, changing nothing', async (path, method) => {
    await postJson({ email: 'ada@example.org' });
    const res = await fetch(`${origin}${path}`, { method });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Parameter token was given 2 times: give it once');
    expect(await status('ada@example.org')).toBe('pending');
  });

  it.each([
    [{ email: 'ada.example.org' }, 'an e-mail address needs an @, as in name@example.org'],
    [{ email: 'ada lovelace@example.org' }, 'an e-mail address cannot contain spaces or line breaks'],
    [{ email: `${'a'.repeat(288)}@example.org` }, 'an e-mail address has at most 254 characters'],
    [{ email: 'a@b.c\r\nBcc: x@y.z' }, 'an e-mail address cannot contain spaces or line breaks'],
    [{ email: 'ada@example.org', frequency: 'hourly' }, 'frequency is "daily" or "weekly"'],
  ])('answers 400 to %j and sends nothing', async (body, error) => {
    const res = await postJson(body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe(error);
    expect(smtp.received).toHaveLength(0);
    expect(await store.db.selectFrom('subscriptions').select('id').execute()).toEqual([]);
  });

  it('takes an internationalised domain and the same address twice as one subscription with one mail', async () => {
    expect((await postJson({ email: 'leser@bücher.de' })).status).toBe(202);
    expect((await postJson({ email: 'LESER@BÜCHER.DE' })).status).toBe(202);
    expect(await store.db.selectFrom('subscriptions').select('email').execute()).toEqual([{ email: 'leser@xn--bcher-kva.de' }]);
    // Sent to the punycode address; smtp-server shows envelope domains in Unicode.
    expect(smtp.received.map((m) => m.to)).toEqual([['leser@bücher.de']]);
  });

  it('unsubscribes with the RFC 8058 one-click POST from the digest, with no login or CSRF token', async () => {
    await postJson({ email: 'ada@example.org' });
    await confirm(/Confirm: (\S+)/.exec((await parseMail(smtp.received[0]!)).text!)![1]!);
    const mailer = createMailer(config);
    const searchIndex = new SearchIndex(store, { logger: pino({ level: 'silent' }) });
    await runDigest(
      { store, mailer, searchIndex, config, logger: pino({ level: 'silent' }) },
      { frequency: 'daily', now: DIGEST_NOW },
    );
    mailer.close();
    const digest = await parseMail(smtp.received[1]!);
    const unsubscribe = /^List-Unsubscribe: <(.+)>$/.exec(headerLine(digest, 'List-Unsubscribe')!)![1]!;
    expect(headerLine(digest, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    const res = await follow(unsubscribe, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('unsubscribed\n');
    expect(await status('ada@example.org')).toBe('unsubscribed');
  });

  it('asks a person for one click on the unsubscribe page, and the manage link changes preferences', async () => {
    await postJson({ email: 'ada@example.org' });
    await confirm(/Confirm: (\S+)/.exec((await parseMail(smtp.received[0]!)).text!)![1]!);
    const ada = (await findSubscriptionByEmail(store, 'ada@example.org'))!;
    const token = signToken(config.secret, { purpose: 'manage', subscriptionId: ada.id, nonce: ada.nonce, expiresAt: null });

    const manage = await (await follow(`https://papers.test/subscribe?token=${token}`)).text();
    expect(titleOf(manage)).toBe('Your subscription');
    const saved = await follow(`https://papers.test/subscribe/manage?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'frequency=weekly&categories=cs.CL%2C+math',
    });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Saved.');
    expect((await findSubscriptionByEmail(store, 'ada@example.org'))!).toMatchObject({
      frequency: 'weekly',
      categories: ['cs.CL', 'math'],
    });

    const page = await (await follow(`https://papers.test/unsubscribe?token=${token}`)).text();
    expect(titleOf(page)).toBe('Unsubscribe');
    // The shared header's search box aside, one button and nothing to fill in.
    const main = page.slice(page.indexOf('<main'));
    expect(main.match(/<form /g)).toHaveLength(1);
    expect(main.match(/<button /g)).toHaveLength(1);
    expect(main.match(/<input /g)).toBeNull();
    expect(await status('ada@example.org')).toBe('confirmed');
    const done = await follow(`https://papers.test/unsubscribe?token=${token}`, { method: 'POST' });
    expect(titleOf(await done.text())).toBe('You are unsubscribed');
    expect(await status('ada@example.org')).toBe('unsubscribed');
  });

  it('shows a clear page for forged, expired, reused-after-renewal and other subscribers’ tokens, changing nothing', async () => {
    await postJson({ email: 'ada@example.org' });
    await postJson({ email: 'bob@example.org' });
    const [ada, bob] = [
      (await findSubscriptionByEmail(store, 'ada@example.org'))!,
      (await findSubscriptionByEmail(store, 'bob@example.org'))!,
    ];
    const adaLink = /Confirm: (\S+)/.exec((await parseMail(smtp.received[0]!)).text!)![1]!;
    const expired = signToken(config.secret, {
      purpose: 'confirm',
      subscriptionId: ada.id,
      nonce: ada.nonce,
      expiresAt: Date.now() - 1000,
    });
    const retired = signToken(config.secret, {
      purpose: 'manage',
      subscriptionId: ada.id,
      nonce: 'an-older-nonce',
      expiresAt: null,
    });
    const cases: [string, string, string][] = [
      ['GET', adaLink.replace(`confirm.${ada.id}.`, `confirm.${bob.id}.`), 'This link is not valid'],
      ['GET', `https://papers.test/confirm?token=${expired}`, 'This link has expired'],
      ['GET', 'https://papers.test/confirm?token=nonsense', 'This link is not valid'],
      ['GET', 'https://papers.test/confirm', 'This link is not valid'],
      ['POST', `https://papers.test/unsubscribe?token=${retired}`, 'This link is no longer valid'],
      ['POST', adaLink.replace('/confirm?', '/unsubscribe?'), 'This link is not valid'],
      ['GET', `https://papers.test/subscribe?token=${retired}`, 'This link is no longer valid'],
    ];
    for (const [method, link, title] of cases) {
      const res = await follow(link, { method });
      expect([link, res.status, titleOf(await res.text())]).toEqual([link, 400, title]);
    }
    expect([await status('ada@example.org'), await status('bob@example.org')]).toEqual(['pending', 'pending']);
  });

  it('serves the subscribe form, refills it after a mistake, and shows the banner on feed pages', async () => {
    const form = await (await fetch(`${origin}/subscribe`)).text();
    expect(titleOf(form)).toBe('Get trending papers in your email inbox');
    const browser = await openForm();
    const bad = await postForm(browser, 'email=ada%40example&frequency=weekly');
    expect(bad.status).toBe(400);
    const refilled = await bad.text();
    expect(refilled).toContain('the part after the @ is not a valid domain name');
    expect(refilled).toContain('value="ada@example"');
    const good = await postForm(browser, 'email=ada%40example.org&frequency=weekly&categories=cs.CL');
    expect(titleOf(await good.text())).toBe('Check your inbox');
    expect((await findSubscriptionByEmail(store, 'ada@example.org'))!).toMatchObject({
      frequency: 'weekly',
      categories: ['cs.CL'],
    });

    const feed = await (await fetch(`${origin}/papers`)).text();
    expect(feed).toContain(
      '<p class="subscribe-banner">Get trending papers in your email inbox! — <a href="/subscribe">Subscribe</a></p>',
    );
  });

  it('refuses a subscribe form posted without its CSRF token, and records nothing', async () => {
    const browser = await openForm();
    for (const csrf of ['', 'forged']) {
      const res = await postForm({ ...browser, csrf }, 'email=ada%40example.org&frequency=daily');
      expect(res.status).toBe(403);
    }
    const noCookie = await postForm({ cookie: '', csrf: browser.csrf }, 'email=ada%40example.org&frequency=daily');
    expect(noCookie.status).toBe(403);
    expect(await status('ada@example.org')).toBeNull();
    expect(smtp.received).toHaveLength(0);
  });

  it('keeps the outbox for administrators only', async () => {
    mkdirSync(join(dataDir, 'outbox'), { recursive: true });
    writeFileSync(join(dataDir, 'outbox', '2026-03-05T07-00-00-000Z-0a1b2c3d.eml'), 'Subject: hello\r\n\r\nbody\r\n');
    const session = async (role: 'admin' | 'member') => {
      const user = await signUp(store, { email: `${role}-${Math.random()}@example.org`, password: null, role }, new Date());
      return { cookie: `dp_session=${await startSession(store, user.id, new Date())}` };
    };
    const anonymous = await fetch(`${origin}/admin/outbox`);
    expect(anonymous.status).toBe(403);
    expect(titleOf(await anonymous.text())).toBe('Administrators only');
    expect((await fetch(`${origin}/admin/outbox`, { headers: await session('member') })).status).toBe(403);

    const admin = await session('admin');
    const list = await fetch(`${origin}/admin/outbox`, { headers: admin });
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('<a href="/admin/outbox/2026-03-05T07-00-00-000Z-0a1b2c3d.eml">');
    const file = await fetch(`${origin}/admin/outbox/2026-03-05T07-00-00-000Z-0a1b2c3d.eml`, { headers: admin });
    expect(await file.text()).toBe('Subject: hello\r\n\r\nbody\r\n');
    expect((await fetch(`${origin}/admin/outbox/..%2Fsecret`, { headers: admin })).status).toBe(404);
    expect((await fetch(`${origin}/admin/outbox/2026-03-05T07-00-00-000Z-ffffffff.eml`, { headers: admin })).status).toBe(404);
    // A message that cannot be read is a fault (500, logged), not a message that is not there.
    mkdirSync(join(dataDir, 'outbox', '2026-03-05T08-00-00-000Z-0a1b2c3e.eml'));
    const unreadable = await fetch(`${origin}/admin/outbox/2026-03-05T08-00-00-000Z-0a1b2c3e.eml`, { headers: admin });
    expect([unreadable.status, titleOf(await unreadable.text())]).toEqual([500, 'Something went wrong']);
  });

  it('answers an outbox it cannot read with a server error, and a missing one as empty', async () => {
    const admin = await signUp(store, { email: `admin-${Math.random()}@example.org`, password: null, role: 'admin' }, new Date());
    const cookie = `dp_session=${await startSession(store, admin.id, new Date())}`;
    const outboxAt = async (folder: string) => {
      const broken = await buildTestServer({ config: testConfig({ DATA_DIR: folder }), store });
      try {
        return (await broken.inject({ url: '/admin/outbox', headers: { cookie } })).statusCode;
      } finally {
        await broken.close();
      }
    };
    const unreadable = mkdtempSync(join(tmpdir(), 'dp-web-outbox-'));
    // A file where the folder should be: reading it fails with ENOTDIR.
    writeFileSync(join(unreadable, 'outbox'), 'not a folder');
    expect(await outboxAt(unreadable)).toBe(500);
    expect(await outboxAt(mkdtempSync(join(tmpdir(), 'dp-web-outbox-')))).toBe(200);
  });

  it("ties a signed-in member's subscription to the account", async () => {
    const member = await signUp(store, { email: `m-${Math.random()}@example.org`, password: null }, new Date());
    const cookie = `dp_session=${await startSession(store, member.id, new Date())}`;
    const res = await fetch(`${origin}/api/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ email: 'member@example.org' }),
    });
    expect(res.status).toBe(202);
    expect((await findSubscriptionByEmail(store, 'member@example.org'))!.userId).toBe(member.id);
  });
});
