import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OPEN_LOGIN_LINKS, signUp } from '../../src/social/accounts.ts';
import type { OutgoingMail } from '../../src/social/login-mail.ts';
import { buildTestServer } from '../support/web-server.ts';
import { Gate } from '../support/gate.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { Browser } from './community-fixtures.ts';
import { testConfig } from './fixtures.ts';

const now = new Date('2026-03-02T12:00:00Z');

/** Mail sending that the test lets through: it shows whether an answer waited for a mail. */
class GatedMail extends Gate {
  readonly sent: OutgoingMail[] = [];
  readonly send = (mail: OutgoingMail) => this.hold(() => void this.sent.push(mail));
}

/** A server whose login mails go to `sendMail`. */
function accountsServer(store: TestStore, sendMail: (mail: OutgoingMail) => Promise<void>): Promise<FastifyInstance> {
  return buildTestServer({
    config: testConfig({ SECRET: 'test secret' }),
    store,
    logger: pino({ level: 'silent' }),
    mailer: { send: async (mail) => (await sendMail(mail), { messageId: '<test@dailypapers>' }), close() {} },
    now: () => now,
  });
}

describe.each(DIALECTS)('accounts reveal no one, %s', (dialect) => {
  let store: TestStore;
  let app: FastifyInstance;
  const mail = new GatedMail();

  beforeAll(async () => {
    store = await openTestStore(dialect);
    app = await accountsServer(store, mail.send);
    await signUp(store, { email: 'known@example.org', password: 'known password', displayName: 'Known' }, now);
  });
  afterAll(async () => {
    mail.releaseAll();
    await app.close();
    await store.close();
  });

  // The forms' CSRF tokens differ per answer; everything else must not.
  const withoutTokens = (body: string) => body.replace(/value="[^"]*"/g, 'value=""');

  it('answers a login-link request before any mail is sent, the same for known and unknown addresses', async () => {
    const browser = new Browser(app);
    await browser.get('/login');
    const known = await browser.post('/login/link', { email: 'known@example.org' });
    // The answer is out while the mail to the known address still waits to be sent.
    await mail.until(1);
    const unknown = await browser.post('/login/link', { email: 'stranger@example.org' });
    expect([known.status, withoutTokens(known.body)]).toEqual([unknown.status, withoutTokens(unknown.body)]);
    mail.releaseAll();
    await new Promise((resolve) => setImmediate(resolve));
    expect(mail.sent.map((m) => [m.to, m.subject])).toEqual([['known@example.org', 'Your Daily Papers login link']]);
  });

  it('answers a signup for a taken address as for a new one, and mails the owner instead', async () => {
    mail.sent.length = 0;
    const browser = new Browser(app);
    await browser.get('/signup');
    const taken = await browser.post('/signup', { email: 'Known@Example.org', password: 'a new password', name: 'Impostor' });
    await browser.get('/signup');
    const fresh = await browser.post('/signup', { email: 'fresh@example.org', password: 'a new password', name: 'Impostor' });
    expect(taken.status).toBe(200);
    expect(browser.hasSession()).toBe(false);
    const text = (body: string) => withoutTokens(body).replace(/known|fresh/g, 'X');
    expect(text(taken.body)).toBe(text(fresh.body));
    expect(taken.body).toContain('A mail to known@example.org has a link to log in.');
    await mail.until(2);
    mail.releaseAll();
    await new Promise((resolve) => setImmediate(resolve));
    expect(mail.sent.map((m) => [m.to, m.subject]).sort()).toEqual([
      ['fresh@example.org', 'Welcome to Daily Papers'],
      ['known@example.org', 'You already have a Daily Papers account'],
    ]);
    const known = await store.db.selectFrom('users').select(['display_name']).where('email', '=', 'known@example.org').execute();
    expect(known).toEqual([{ display_name: 'Known' }]);
  });

  it(`sends at most ${MAX_OPEN_LOGIN_LINKS} login mails for 20 requests for one address`, async () => {
    await signUp(store, { email: 'popular@example.org', password: null }, now);
    mail.sent.length = 0;
    const browser = new Browser(app);
    await browser.get('/login');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => browser.post('/login/link', { email: 'popular@example.org' })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    await mail.until(MAX_OPEN_LOGIN_LINKS);
    mail.releaseAll();
    // Closing the server waits for every mail it started; nothing after this test uses it.
    await app.close();
    expect(mail.sent.filter((m) => m.to === 'popular@example.org')).toHaveLength(MAX_OPEN_LOGIN_LINKS);
  });
});

describe.each(DIALECTS)('concurrent signups, %s', (dialect) => {
  let store: TestStore;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    app = await accountsServer(store, async () => undefined);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const signUpAll = (forms: Record<string, string>[]) =>
    Promise.all(
      forms.map(async (form) => {
        const browser = new Browser(app);
        await browser.get('/signup');
        return browser.post('/signup', form);
      }),
    );

  it('makes one account of 20 signups with one address at once, answering each alike', async () => {
    const answers = await signUpAll(
      Array.from({ length: 20 }, (_, i) => ({ email: 'race@example.org', password: `password ${i}`, name: `Racer ${i}` })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    answers.forEach((a) => expect(a.body).toContain('A mail to race@example.org has a link to log in.'));
    const rows = await store.db.selectFrom('users').select('email').where('email', '=', 'race@example.org').execute();
    expect(rows).toHaveLength(1);
  });

  it('gives 20 signups with one display name at once 20 accounts with distinct handles', async () => {
    const answers = await signUpAll(
      Array.from({ length: 20 }, (_, i) => ({ email: `twin${i}@example.org`, password: 'a long password', name: 'Same Name' })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const handles = (await store.db.selectFrom('users').select('handle').where('display_name', '=', 'Same Name').execute()).map(
      (r) => r.handle,
    );
    expect(handles).toHaveLength(20);
    expect(new Set(handles).size).toBe(20);
    expect(handles).toContain('same-name');
  });
});
