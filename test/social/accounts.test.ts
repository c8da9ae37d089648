import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiTokenUser,
  createApiToken,
  createLoginLink,
  endSession,
  logInWithLink,
  logInWithPassword,
  revokeApiToken,
  sessionUser,
  signUp,
} from '../../src/social/accounts.ts';
import { Refusal } from '../../src/social/errors.ts';
import { listApiTokens, userByEmail } from '../../src/store/accounts.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const now = new Date('2026-03-02T12:00:00Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
const failOnUnrecorded = (error: unknown) => {
  throw error;
};

async function refusal(promise: Promise<unknown>): Promise<Refusal> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Refusal);
  return error as Refusal;
}

describe.each(DIALECTS)('accounts on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => {
    await store.close();
  });

  it('signs up with a unique address and a unique handle', async () => {
    const ana = await signUp(store, { email: ' Ana@Example.org ', password: 'correct horse', displayName: 'Ana Lima' }, now);
    expect(ana).toMatchObject({ email: 'ana@example.org', handle: 'ana-lima', displayName: 'Ana Lima', role: 'member' });
    const other = await signUp(store, { email: 'ana2@example.org', password: 'correct horse', displayName: 'Ana  Lima' }, now);
    expect(other.handle).toBe('ana-lima-2');
    expect((await refusal(signUp(store, { email: 'ANA@example.org', password: 'x'.repeat(9) }, now))).message).toBe(
      'an account for ana@example.org already exists',
    );
    expect((await refusal(signUp(store, { email: 'bob@example.org', password: 'short' }, now))).message).toBe(
      'the password needs at least 8 characters',
    );
    expect((await refusal(signUp(store, { email: 'not-an-address', password: 'long enough' }, now))).kind).toBe('invalid');
  });

  it('logs in with the password, giving a new session each time, and logs out', async () => {
    const first = await logInWithPassword(
      store,
      { email: 'ana@example.org', password: 'correct horse', address: '10.0.0.1' },
      now,
    );
    const second = await logInWithPassword(
      store,
      { email: 'ANA@example.org', password: 'correct horse', address: '10.0.0.1' },
      now,
    );
    expect(first.session).not.toBe(second.session);
    expect((await sessionUser(store, first.session, now))?.handle).toBe('ana-lima');
    await endSession(store, first.session);
    expect(await sessionUser(store, first.session, now)).toBeNull();
    expect((await sessionUser(store, second.session, now))?.handle).toBe('ana-lima');
    expect(await sessionUser(store, second.session, new Date(now.getTime() + 31 * 24 * 3_600_000))).toBeNull();
  });

  it('refuses the 11th try within 15 minutes with the seconds until the window frees', async () => {
    await signUp(store, { email: 'target@example.org', password: 'right password' }, now);
    for (let i = 0; i < 10; i++) {
      const r = await refusal(
        logInWithPassword(store, { email: 'target@example.org', password: `wrong ${i}`, address: `10.1.0.${i}` }, minutes(i)),
      );
      expect(r.kind).toBe('unauthenticated');
    }
    const blocked = await refusal(
      logInWithPassword(store, { email: 'target@example.org', password: 'right password', address: '10.2.0.1' }, minutes(10)),
    );
    expect(blocked).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 5 * 60 });
    // The first failure leaves the window at minute 15; then the right password works.
    const user = await logInWithPassword(
      store,
      { email: 'target@example.org', password: 'right password', address: '10.2.0.1' },
      minutes(15.01),
    );
    expect(user.user.email).toBe('target@example.org');
  });

  it('limits one address trying many accounts', async () => {
    for (let i = 0; i < 10; i++) {
      await refusal(
        logInWithPassword(store, { email: `nobody${i}@example.org`, password: 'guess guess', address: '192.0.2.9' }, now),
      );
    }
    const blocked = await refusal(
      logInWithPassword(store, { email: 'ana@example.org', password: 'correct horse', address: '192.0.2.9' }, now),
    );
    expect(blocked).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 900 });
  });

  it('logs in once by e-mailed link, within 15 minutes', async () => {
    expect(await createLoginLink(store, 'stranger@example.org', now)).toBeNull();
    const link = (await createLoginLink(store, 'Ana@example.org', now))!;
    const login = await logInWithLink(store, link.token, minutes(14));
    expect(login.user.handle).toBe('ana-lima');
    expect((await refusal(logInWithLink(store, link.token, minutes(14)))).kind).toBe('unauthenticated');
    const late = (await createLoginLink(store, 'ana@example.org', now))!;
    expect((await refusal(logInWithLink(store, late.token, minutes(16)))).message).toBe(
      'this login link has expired or was already used; ask for a new one',
    );
  });

  it('issues API tokens that are stored hashed and shown once', async () => {
    const ana = (await sessionUser(
      store,
      (await logInWithPassword(store, { email: 'ana@example.org', password: 'correct horse', address: '10.9.9.9' }, now)).session,
      now,
    ))!;
    const { token, info } = await createApiToken(store, ana.id, 'laptop', now);
    expect(token).toMatch(/^dp_[A-Za-z0-9_-]{43}$/);
    expect((await apiTokenUser(store, token, now, failOnUnrecorded))?.id).toBe(ana.id);
    expect(await apiTokenUser(store, `${token}x`, now, failOnUnrecorded)).toBeNull();
    const stored = await store.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', info.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect((await listApiTokens(store, ana.id)).map((t) => [t.name, t.lastUsedAt])).toEqual([['laptop', now.toISOString()]]);
  });

  it('marks a token used at most once a minute, and never back in time', async () => {
    const ana = (await userByEmail(store, 'ana@example.org'))!;
    const { token } = await createApiToken(store, ana.id, 'script', now);
    const lastUsed = async () => (await listApiTokens(store, ana.id)).find((t) => t.name === 'script')?.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await apiTokenUser(store, token, now, failOnUnrecorded);
    expect(await lastUsed()).toBe(now.toISOString());
    await apiTokenUser(store, token, new Date(now.getTime() + 59_999), failOnUnrecorded);
    expect(await lastUsed()).toBe(now.toISOString());
    expect((await apiTokenUser(store, token, minutes(1), failOnUnrecorded))?.id).toBe(ana.id);
    expect(await lastUsed()).toBe(minutes(1).toISOString());
    await apiTokenUser(store, token, minutes(-5), failOnUnrecorded);
    expect(await lastUsed()).toBe(minutes(1).toISOString());
  });

  it('revokes only the member’s own tokens, and says when there was none', async () => {
    const ana = (await userByEmail(store, 'ana@example.org'))!;
    const bob = await signUp(store, { email: 'bob.tokens@example.org', password: 'correct horse' }, now);
    const { token, info } = await createApiToken(store, ana.id, 'to revoke', now);
    expect(await revokeApiToken(store, bob, info.id)).toBe(false);
    expect(await revokeApiToken(store, ana, 'not a number')).toBe(false);
    expect(await revokeApiToken(store, ana, String(info.id))).toBe(true);
    expect(await revokeApiToken(store, ana, info.id)).toBe(false);
    expect(await apiTokenUser(store, token, now, failOnUnrecorded)).toBeNull();
  });
});
