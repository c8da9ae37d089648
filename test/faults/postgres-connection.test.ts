/**
 * PostgreSQL going away under a running service, for real: backends terminated by the server,
 * and a TCP proxy between the service and PostgreSQL that freezes (a partition) and dies.
 * The service must live through all of it, say 503 with the reason within its timeout, keep
 * /healthz at 200, and answer normally again as soon as the database is back.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/db/connect.ts';
import { databaseUnavailableReason } from '../../src/db/unavailable.ts';
import { buildTestServer } from '../support/web-server.ts';
import { logMessages, startCli } from '../support/cli.ts';
import { freePort, waitForHealth } from '../support/net.ts';
import { adminQuery, openTestStore, type TestStore } from '../support/stores.ts';
import { saveFixtures, testConfig, THREE_DAYS } from '../web/fixtures.ts';
import { TcpProxy } from './tcp-proxy.ts';

const QUERY_TIMEOUT_MS = 1_000;
const CONNECT_TIMEOUT_MS = 1_000;
/** The query timeout plus the client's margin, plus room for a loaded test machine. */
const ANSWER_WITHIN_MS = QUERY_TIMEOUT_MS + 500 + 1_500;

describe('serve when PostgreSQL terminates its connections', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore('postgres');
    await saveFixtures(store, THREE_DAYS);
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps running, logs the loss, and answers the next request from a new connection', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const applicationName = `dp_fault_${port}`;
    const { child, result } = startCli(['serve', '--port', String(port)], {
      DATABASE_URL: `${store.url}?application_name=${applicationName}`,
      DATA_DIR: '/tmp/dailypapers-fault-test',
      SECRET: 'test',
      LOG_LEVEL: 'warn',
    });
    try {
      await waitForHealth(url);
      // Several requests at once leave several idle connections in the pool.
      const first = await Promise.all(Array.from({ length: 4 }, () => fetch(`${url}/api/daily_papers?date=2026-03-02`)));
      expect(first.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      const killed = await terminateBackends(applicationName);
      expect(killed).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(child.exitCode).toBeNull();
      const next = await fetch(`${url}/api/daily_papers?date=2026-03-02`);
      expect(next.status).toBe(200);
      expect(((await next.json()) as unknown[]).length).toBe(3);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    const { code, stdout } = await result;
    expect(code).toBe(0);
    expect(logMessages(stdout)).toContain('a database connection was lost; the pool opens another');
  });
});

/** Ends every backend of the given application, as an administrator or a failover would. */
async function terminateBackends(applicationName: string): Promise<number> {
  const rows = await adminQuery('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
    applicationName,
  ]);
  return rows.length;
}

describe('the service behind a PostgreSQL connection that freezes and dies', () => {
  let store: TestStore;
  let proxy: TcpProxy;
  let proxied: Store;
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    store = await openTestStore('postgres');
    await saveFixtures(store, THREE_DAYS);
    const target = new URL(store.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    target.host = `127.0.0.1:${proxy.port}`;
    proxied = await openStore(
      { dialect: 'postgres', url: target.toString() },
      { migrate: false, timeouts: { queryMs: QUERY_TIMEOUT_MS, connectMs: CONNECT_TIMEOUT_MS } },
    );
    app = await buildTestServer({ config: testConfig(), store: proxied });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await proxy.kill();
    await proxied.close();
    await store.close();
  });

  /** Fetches and times a path; the cache is off the table because each path differs by a query string. */
  async function timed(path: string): Promise<{ status: number; body: string; ms: number }> {
    const started = performance.now();
    const res = await fetch(`${url}${path}`);
    return { status: res.status, body: await res.text(), ms: performance.now() - started };
  }

  it('answers 503 with the reason within the timeout while the network is frozen, then recovers when it flows again', async () => {
    expect((await timed('/api/daily_papers?date=2026-03-02&limit=10')).status).toBe(200);
    proxy.freeze();
    const [api, page, ready, health] = await Promise.all([
      timed('/api/daily_papers?date=2026-03-02&limit=11'),
      timed('/papers/date/2026-02-27'),
      timed('/readyz'),
      timed('/healthz'),
    ]);
    expect(api.status, api.body).toBe(503);
    expect(JSON.parse(api.body)).toStrictEqual({ error: 'Service unavailable: the database did not answer within the timeout' });
    expect(api.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(page.status, page.body).toBe(503);
    expect(page.body).toContain(
      '<h1>Try again later</h1><p>Service unavailable: the database did not answer within the timeout</p>',
    );
    expect(page.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toStrictEqual({
      status: 'unavailable',
      error: expect.stringMatching(/^the database did not answer within the timeout \((Query read timeout|timeout expired)\)$/),
    });
    expect(ready.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(health.status).toBe(200);
    // Alive without asking the database: no wait for its timeout (the bound allows a loaded machine).
    expect(health.ms).toBeLessThan(QUERY_TIMEOUT_MS / 2);

    proxy.thaw();
    const recovered = await timed('/api/daily_papers?date=2026-03-02&limit=12');
    expect(recovered.status, recovered.body).toBe(200);
    expect(JSON.parse(recovered.body)).toHaveLength(3);
    expect(recovered.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect((await timed('/readyz')).status).toBe(200);
  });

  it('bounds a slow statement on the server too, and reads its cancellation as unavailable', async () => {
    const { rows } = await sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(proxied.db);
    expect(rows).toEqual([{ statement_timeout: `${QUERY_TIMEOUT_MS / 1000}s` }]);
    const started = performance.now();
    const error = await sql`SELECT pg_sleep(5)`.execute(proxied.db).catch((e: unknown) => e);
    // The server cancels it at the timeout; on a loaded machine the client's own timer, a little
    // later, may still fire first.
    expect(databaseUnavailableReason(error)).toMatch(
      /^(a query took longer than the database timeout|the database did not answer within the timeout)$/,
    );
    expect(performance.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
  });

  it('answers 503 at once when the connection dies, and serves again as soon as the database is reachable', async () => {
    const before = await timed('/api/daily_papers?date=2026-03-02&limit=13');
    expect(before.status, before.body).toBe(200);
    await proxy.kill();
    const down = await timed('/api/daily_papers?date=2026-03-02&limit=14');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body).error).toMatch(
      /^Service unavailable: (the database connection was lost|the database cannot be reached)$/,
    );
    expect(down.ms).toBeLessThan(ANSWER_WITHIN_MS);
    const ready = await timed('/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body).status).toBe('unavailable');
    expect((await timed('/healthz')).status).toBe(200);

    await proxy.restart();
    const started = performance.now();
    const back = await timed('/api/daily_papers?date=2026-03-02&limit=15');
    expect(back.status, back.body).toBe(200);
    expect(JSON.parse(back.body)).toHaveLength(3);
    expect(performance.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    expect((await timed('/readyz')).status).toBe(200);
  });
});
