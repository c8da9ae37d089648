import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../src/ingest/testdata/live/test-server.ts';
import { MAX_LOGIN_FAILURES, signUp } from '../../src/social/accounts.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { Browser, communityServer, mailedLink, startArxiv } from './community-fixtures.ts';

const now = new Date('2026-03-02T12:00:00Z');

describe.each(DIALECTS)('login limits, %s', (dialect) => {
  let store: TestStore;
  let arxiv: TestServer;
  let app: FastifyInstance;
  let outbox: () => string[];

  beforeAll(async () => {
    store = await openTestStore(dialect);
    arxiv = await startArxiv();
    ({ app, outbox } = await communityServer(store, arxiv.url, () => now, { TRUST_PROXY: '127.0.0.1' }));
  });
  afterAll(async () => {
    await app.close();
    await arxiv.close();
    await store.close();
  });

  /** A password login through the form, from a client behind the trusted proxy at 127.0.0.1. */
  const logIn = async (client: string, email: string, password: string) => {
    const browser = new Browser(app, '127.0.0.1', { 'x-forwarded-for': client });
    return (await browser.logIn(email, password)).status;
  };

  it('checks at most the limit of 300 concurrent wrong passwords; the rest are 429 unchecked', async () => {
    await signUp(store, { email: 'flooded@example.org', password: 'the right one' }, now);
    const statuses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => logIn(`198.51.100.${i % 250}`, 'flooded@example.org', `guess ${i}`)),
    );
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBeLessThanOrEqual(MAX_LOGIN_FAILURES);
    expect(statuses.filter((s) => s === 429)).toHaveLength(300 - checked);
  });

  it('refuses the right password while the account is locked, and lets its owner in by e-mailed link', async () => {
    await signUp(store, { email: 'owner@example.org', password: 'owner password' }, now);
    const burst = await Promise.all(Array.from({ length: 60 }, (_, i) => logIn('203.0.113.66', 'owner@example.org', `g${i}`)));
    expect(burst.filter((s) => s === 401).length).toBeLessThanOrEqual(MAX_LOGIN_FAILURES);
    // Whatever the burst left unchecked, guesses one by one reach the lock.
    let guesses = 0;
    while ((await logIn(`203.0.113.${70 + guesses}`, 'owner@example.org', 'another guess')) === 401) guesses++;
    expect(guesses).toBeLessThanOrEqual(MAX_LOGIN_FAILURES);
    expect(await logIn('192.0.2.1', 'owner@example.org', 'owner password')).toBe(429);

    const owner = new Browser(app, '127.0.0.1', { 'x-forwarded-for': '192.0.2.1' });
    await owner.get('/login');
    await owner.post('/login/link', { email: 'owner@example.org' });
    const link = await mailedLink(outbox, 'owner@example.org');
    await owner.get(`/login/link?token=${encodeURIComponent(link)}`);
    expect((await owner.post('/login/link/use', { token: link })).status).toBe(303);
    expect(owner.hasSession()).toBe(true);
  });

  it('limits each client behind the proxy by its forwarded address, not the proxy’s', async () => {
    await signUp(store, { email: 'alice@example.org', password: 'alice password' }, now);
    for (let i = 0; i < MAX_LOGIN_FAILURES; i++)
      expect(await logIn('203.0.113.200', `nobody-${i}@example.org`, 'guess')).toBe(401);
    expect(await logIn('203.0.113.200', 'alice@example.org', 'alice password')).toBe(429);
    // Alice is behind the same proxy, at her own address: the guesser's lock is not hers.
    expect(await logIn('203.0.113.201', 'alice@example.org', 'wrong')).toBe(401);
    expect(await logIn('203.0.113.201', 'alice@example.org', 'alice password')).toBe(303);
  });
});
