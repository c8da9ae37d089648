import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signToken } from '../../src/mail/tokens.ts';
import {
  CONFIRMATION_INTERVAL_MS,
  confirmByToken,
  parseSubscriptionRequest,
  subscribe,
  unsubscribeByToken,
} from '../../src/mail/subscriptions.ts';
import { findSubscriptionByEmail, notePermanentFailure, type SubscriptionRequest } from '../../src/store/subscriptions.ts';
import { recordingMailer } from '../support/recording-mailer.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const config = { baseUrl: 'https://papers.test', secret: 'test-secret' };
const T0 = new Date('2026-03-05T08:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

function request(email: string, extra: Partial<SubscriptionRequest> = {}): SubscriptionRequest {
  const parsed = parseSubscriptionRequest({ email, frequency: 'daily' });
  if (!parsed.ok) throw new Error(parsed.reason);
  return { ...parsed.request, ...extra };
}

const tokenIn = (text: string, path: string) => new RegExp(`${path}\\?token=(\\S+)`).exec(text)![1]!;

describe('parseSubscriptionRequest', () => {
  it('accepts an address with frequency and categories, normalised', () => {
    expect(
      parseSubscriptionRequest({ email: 'Leser@Bücher.de', frequency: 'weekly', categories: ['cs.CL', 'cs.CL', 'hep-th'] }),
    ).toEqual({
      ok: true,
      request: {
        email: 'leser@xn--bcher-kva.de',
        frequency: 'weekly',
        categories: ['cs.CL', 'hep-th'],
        query: null,
        userId: null,
      },
    });
  });

  it('accepts a saved search', () => {
    const parsed = parseSubscriptionRequest({ email: 'a@example.org', query: '"sparse routing" -vision' });
    expect(parsed).toMatchObject({ ok: true, request: { query: '"sparse routing" -vision', categories: [] } });
  });

  it.each([
    [{ email: 'a@b.c\r\nBcc: x@y.z' }, 'email', 'an e-mail address cannot contain spaces or line breaks'],
    [{ email: 42 }, 'email', 'enter an e-mail address'],
    [{ email: 'a@example.org', frequency: 'hourly' }, 'frequency', 'frequency is "daily" or "weekly"'],
    [
      { email: 'a@example.org', categories: 'cs.CL' },
      'categories',
      'categories is a list of at most 20 arXiv categories such as "cs.CL"',
    ],
    [
      { email: 'a@example.org', categories: ['cs.CL\r\nX: y'] },
      'categories',
      'categories is a list of at most 20 arXiv categories such as "cs.CL"',
    ],
    [{ email: 'a@example.org', query: 'x'.repeat(251) }, 'query', 'query must be at most 250 characters'],
    [{ email: 'a@example.org', query: 42 }, 'query', 'query is required: the text to search for'],
  ])('refuses %j', (body, field, reason) => {
    expect(parseSubscriptionRequest(body as Record<string, unknown>)).toEqual({ ok: false, field, reason });
  });
});

describe.each(DIALECTS)('double opt-in subscriptions on %s', (dialect) => {
  let store: TestStore;
  let mailer: ReturnType<typeof recordingMailer>;
  const deps = () => ({ store, mailer, config });
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => {
    await store.close();
  });
  beforeEach(async () => {
    await store.db.deleteFrom('subscriptions').execute();
    mailer = recordingMailer();
  });

  it('mails a confirmation link; the address is confirmed only when it is followed', async () => {
    expect(await subscribe(deps(), request('ada@example.org'), T0)).toEqual({ outcome: 'created', confirmationSent: true });
    expect(mailer.sent.map((m) => [m.to, m.subject])).toEqual([['ada@example.org', 'Confirm your Daily Papers subscription']]);
    expect((await findSubscriptionByEmail(store, 'ada@example.org'))!.status).toBe('pending');

    const token = tokenIn(mailer.sent[0]!.text, '/confirm');
    expect((await confirmByToken({ store, config }, token, later(1000))).outcome).toBe('done');
    expect((await findSubscriptionByEmail(store, 'ada@example.org'))!).toMatchObject({
      status: 'confirmed',
      confirmedAt: later(1000).toISOString(),
    });
    // Reused: nothing changes, and the page can say it is already done.
    expect((await confirmByToken({ store, config }, token, later(2000))).outcome).toBe('already');
    expect((await findSubscriptionByEmail(store, 'ada@example.org'))!.confirmedAt).toBe(later(1000).toISOString());
  });

  it('keeps one row per address and limits confirmation mails to one address', async () => {
    await subscribe(deps(), request('ada@example.org'), T0);
    expect(await subscribe(deps(), request('ADA@example.org', { frequency: 'weekly' }), later(60_000))).toEqual({
      outcome: 'updated',
      confirmationSent: false,
    });
    await Promise.all(Array.from({ length: 5 }, () => subscribe(deps(), request('ada@example.org'), later(120_000))));
    expect(await store.db.selectFrom('subscriptions').select(['email', 'frequency']).execute()).toEqual([
      { email: 'ada@example.org', frequency: 'daily' },
    ]);
    expect(mailer.sent).toHaveLength(1);
    expect(await subscribe(deps(), request('ada@example.org'), later(CONFIRMATION_INTERVAL_MS + 1))).toEqual({
      outcome: 'updated',
      confirmationSent: true,
    });
    expect(mailer.sent).toHaveLength(2);
  });

  it('leaves a confirmed subscription as its owner chose, whoever asks again', async () => {
    await subscribe(deps(), request('ada@example.org'), T0);
    await confirmByToken({ store, config }, tokenIn(mailer.sent[0]!.text, '/confirm'), T0);
    expect(
      await subscribe(deps(), request('ada@example.org', { frequency: 'weekly' }), later(CONFIRMATION_INTERVAL_MS * 2)),
    ).toEqual({
      outcome: 'already-confirmed',
      confirmationSent: false,
    });
    expect((await findSubscriptionByEmail(store, 'ada@example.org'))!).toMatchObject({ status: 'confirmed', frequency: 'daily' });
    expect(mailer.sent).toHaveLength(1);
  });

  it('refuses forged, expired, reused and superseded links without changing anything', async () => {
    await subscribe(deps(), request('ada@example.org'), T0);
    await subscribe(deps(), request('bob@example.org'), T0);
    const [adaId, bobId] = [
      (await findSubscriptionByEmail(store, 'ada@example.org'))!.id,
      (await findSubscriptionByEmail(store, 'bob@example.org'))!.id,
    ];
    const adaToken = tokenIn(mailer.sent[0]!.text, '/confirm');
    // Ada's token with Bob's id: the signature no longer matches.
    const forged = adaToken.replace(`confirm.${adaId}.`, `confirm.${bobId}.`);
    expect(await confirmByToken({ store, config }, forged, T0)).toEqual({ outcome: 'forged', subscription: null });
    expect(await confirmByToken({ store, config }, adaToken, later(8 * 24 * 3600 * 1000))).toEqual({
      outcome: 'expired',
      subscription: null,
    });
    const unsubscribeWithConfirm = await unsubscribeByToken({ store, config }, adaToken, T0);
    expect(unsubscribeWithConfirm.outcome).toBe('forged');
    // A well-signed token for a nonce the subscription no longer has (it was renewed).
    const old = signToken(config.secret, { purpose: 'manage', subscriptionId: adaId, nonce: 'old-nonce', expiresAt: null });
    expect(await unsubscribeByToken({ store, config }, old, T0)).toEqual({ outcome: 'stale', subscription: null });
    const rows = await store.db.selectFrom('subscriptions').select(['email', 'status']).orderBy('email').execute();
    expect(rows).toEqual([
      { email: 'ada@example.org', status: 'pending' },
      { email: 'bob@example.org', status: 'pending' },
    ]);
  });

  it('unsubscribes with a manage link once; subscribing again retires the old link', async () => {
    await subscribe(deps(), request('ada@example.org'), T0);
    const ada = (await findSubscriptionByEmail(store, 'ada@example.org'))!;
    await confirmByToken({ store, config }, tokenIn(mailer.sent[0]!.text, '/confirm'), T0);
    const manage = signToken(config.secret, { purpose: 'manage', subscriptionId: ada.id, nonce: ada.nonce, expiresAt: null });
    expect((await unsubscribeByToken({ store, config }, manage, T0)).outcome).toBe('done');
    expect((await unsubscribeByToken({ store, config }, manage, T0)).outcome).toBe('already');
    expect((await findSubscriptionByEmail(store, 'ada@example.org'))!.status).toBe('unsubscribed');

    expect(await subscribe(deps(), request('ada@example.org'), later(CONFIRMATION_INTERVAL_MS + 1))).toEqual({
      outcome: 'updated',
      confirmationSent: true,
    });
    const renewed = (await findSubscriptionByEmail(store, 'ada@example.org'))!;
    expect(renewed.status).toBe('pending');
    expect(renewed.nonce).not.toBe(ada.nonce);
    expect((await unsubscribeByToken({ store, config }, manage, T0)).outcome).toBe('stale');
  });

  it('marks an address undeliverable after three permanent failures in a row', async () => {
    await subscribe(deps(), request('gone@example.org'), T0);
    const { id } = (await findSubscriptionByEmail(store, 'gone@example.org'))!;
    await store.db.updateTable('subscriptions').set({ status: 'confirmed' }).where('id', '=', id).execute();
    await notePermanentFailure(store, id);
    await notePermanentFailure(store, id);
    expect((await findSubscriptionByEmail(store, 'gone@example.org'))!.status).toBe('confirmed');
    await notePermanentFailure(store, id);
    expect((await findSubscriptionByEmail(store, 'gone@example.org'))!.status).toBe('undeliverable');
  });
});
