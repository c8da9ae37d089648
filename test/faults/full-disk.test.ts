/**
 * The disk under a running SQLite service fills up, for real: the server process's file-size
 * limit is set to zero (`prlimit`, with SIGXFSZ ignored as a shell does it), so every write to
 * the database file fails as on a full disk. `/readyz` must say so, writes must answer 503 with
 * the reason, reads must keep working, and once space returns the service writes again with
 * nothing lost or corrupted.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/connect.ts';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { CLI_ENTRY, startCli } from '../support/cli.ts';
import { freePort, waitForReady } from '../support/net.ts';
import { adminQuery, POSTGRES_ADMIN_URL } from '../support/stores.ts';
import { NOW, saveFixtures, THREE_DAYS } from '../web/fixtures.ts';

describe('a full disk under a SQLite service', () => {
  it('says 503 on /readyz and on writes, keeps serving reads, and writes again once space returns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dp-full-'));
    const file = join(dir, 'papers.sqlite');
    const store = await openStore({ dialect: 'sqlite', file });
    await saveFixtures(store, THREE_DAYS);
    const user = await signUp(store, { email: 'writer@example.org', password: 'a long password' }, NOW);
    const { token } = await createApiToken(store, user.id, 'disk', NOW);
    // Never used: its first request on the full disk tries to mark it used, and that must not fail the read.
    const { token: readerToken } = await createApiToken(store, user.id, 'reader', NOW);
    await store.close();

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // A shell ignores SIGXFSZ and execs node, which keeps it ignored: a write past the limit
    // then fails with EFBIG instead of killing the process.
    const server = spawn(
      'bash',
      ['-c', `trap '' XFSZ; exec "${process.execPath}" ${CLI_ENTRY.map((part) => `"${part}"`).join(' ')} serve --port ${port}`],
      {
        env: {
          ...process.env,
          BASE_URL: '',
          DATABASE_URL: `sqlite:${file}`,
          DATA_DIR: dir,
          SECRET: 'test',
          LOG_LEVEL: 'silent',
          HF_DAILY: 'off',
          ARXIV_CATEGORIES: 'none',
        },
        stdio: 'ignore',
      },
    );
    const limitFileSize = (limit: string) => execFileSync('prlimit', ['--pid', String(server.pid), `--fsize=${limit}:unlimited`]);
    const upvote = (paper: string) =>
      fetch(`${url}/api/papers/${paper}/upvote`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    try {
      await waitForReady(url);
      expect((await upvote('2603.00010')).status).toBe(200);

      limitFileSize('0');
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toStrictEqual({
        status: 'unavailable',
        error: expect.stringMatching(/^the database file cannot be written \(disk full or failing\) \(.+\)$/),
      });
      const refused = await upvote('2603.00011');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await refused.json()).toStrictEqual({
        error: 'Service unavailable: the database file cannot be written (disk full or failing)',
      });
      const page = await fetch(`${url}/papers/date/2026-03-02`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Sparse Routing for Long Contexts');
      const api = await fetch(`${url}/api/papers/2603.00010`);
      expect(api.status).toBe(200);
      expect(((await api.json()) as { upvotes: number }).upvotes).toBe(43);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const asReader = { headers: { authorization: `Bearer ${readerToken}` } };
      const tokenApi = await fetch(`${url}/api/papers/2603.00010`, asReader);
      expect(tokenApi.status).toBe(200);
      expect(((await tokenApi.json()) as { id: string }).id).toBe('2603.00010');
      const settings = await fetch(`${url}/settings`, asReader);
      expect(settings.status).toBe(200);
      expect(await settings.text()).toMatch(/reader · created [^<]* · never used/);

      limitFileSize('unlimited');
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const accepted = await upvote('2603.00011');
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toStrictEqual({ upvotes: 8, upvoted: true });
    } finally {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    const database = new SqliteDatabase(file, { readonly: true });
    try {
      expect(database.pragma('integrity_check', { simple: true })).toBe('ok');
      const votes = database.prepare('SELECT paper_id FROM votes ORDER BY paper_id').pluck().all();
      expect(votes).toEqual(['2603.00010', '2603.00011']);
    } finally {
      database.close();
    }
  });
});

/**
 * The same on PostgreSQL, for real: the test database lives in a tablespace on a small tmpfs
 * (mounted by the test, so it needs root, as CI runs), which a filler table then fills.
 */
describe('a full disk under a PostgreSQL service', () => {
  it('says 503 on /readyz and on writes that need space, keeps serving reads, and writes again once space returns', async (context) => {
    const space = await tmpfsTablespace();
    if (typeof space === 'string') {
      console.warn(`skipped: ${space}`);
      context.skip();
      return;
    }
    const database = `dp_full_${process.pid}_${randomBytes(3).toString('hex')}`;
    const url = POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);
    let server: ChildProcess | null = null;
    try {
      await adminQuery(`CREATE DATABASE ${database} TABLESPACE ${space.tablespace}`);
      const store = await openStore({ dialect: 'postgres', url });
      await saveFixtures(store, THREE_DAYS);
      const user = await signUp(store, { email: 'writer@example.org', password: 'a long password' }, NOW);
      const { token } = await createApiToken(store, user.id, 'disk', NOW);
      await store.close();

      const port = await freePort();
      const origin = `http://127.0.0.1:${port}`;
      server = startCli(['serve', '--port', String(port)], { DATABASE_URL: url, SECRET: 'test', LOG_LEVEL: 'silent' }).child;
      await waitForReady(origin);
      // No member has voted yet: the votes table has no page, and the first vote must give it one.
      const upvote = () =>
        fetch(`${origin}/api/papers/2603.00011/upvote`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });

      const filler = new pg.Client({ connectionString: url });
      await filler.connect();
      try {
        await filler.query('CREATE TABLE filler (pad text)');
        // Rows of random text until the tablespace has no page left to give.
        for (let full = false; !full;) {
          full = await filler
            .query('INSERT INTO filler SELECT md5(random()::text) || md5(random()::text) FROM generate_series(1, 20000)')
            .then(
              () => false,
              (error: { code?: string }) => (error.code === '53100' ? true : Promise.reject(error)),
            );
        }

        const ready = await fetch(`${origin}/readyz`);
        expect(ready.status).toBe(503);
        expect(await ready.json()).toStrictEqual({
          status: 'unavailable',
          error: expect.stringMatching(/^the disk holding the database is full \(could not extend file .+\)$/),
        });
        const refused = await upvote();
        expect(refused.status).toBe(503);
        expect(refused.headers.get('retry-after')).toBe('5');
        expect(await refused.json()).toStrictEqual({ error: 'Service unavailable: the disk holding the database is full' });
        const page = await fetch(`${origin}/papers/date/2026-03-02`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('Sparse Routing for Long Contexts');
        // The token was never used: marking it used fails, and the read goes on.
        const api = await fetch(`${origin}/api/papers/2603.00011`, { headers: { authorization: `Bearer ${token}` } });
        expect(api.status).toBe(200);
        expect(((await api.json()) as { upvotes: number }).upvotes).toBe(7);

        await filler.query('DROP TABLE filler');
      } finally {
        await filler.end();
      }
      expect((await fetch(`${origin}/readyz`)).status).toBe(200);
      const accepted = await upvote();
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toStrictEqual({ upvotes: 8, upvoted: true });
      const reader = await openStore({ dialect: 'postgres', url });
      try {
        expect(await reader.db.selectFrom('votes').select('paper_id').execute()).toEqual([{ paper_id: '2603.00011' }]);
      } finally {
        await reader.close();
      }
    } finally {
      if (server) {
        server.kill('SIGTERM');
        await once(server, 'exit');
      }
      await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await space.release();
    }
  });
});

/** A tablespace on a fresh 24 MB tmpfs owned by the PostgreSQL server's user, or why there cannot be one here. */
async function tmpfsTablespace(): Promise<{ tablespace: string; release: () => Promise<void> } | string> {
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const dir = mkdtempSync(join(tmpdir(), 'dp-pg-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m,mode=0700', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    return `cannot mount a tmpfs (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
  }
  const tablespace = `dp_full_${process.pid}_${randomBytes(3).toString('hex')}`;
  const unmount = () => execFileSync('umount', [dir]);
  try {
    execFileSync('chown', ['postgres:postgres', dir], { stdio: 'pipe' });
    await adminQuery(`CREATE TABLESPACE ${tablespace} LOCATION '${dir}'`);
  } catch (error) {
    unmount();
    return `the PostgreSQL server cannot use a tablespace at ${dir} (${(error as Error).message.trim()})`;
  }
  return {
    tablespace,
    async release() {
      await adminQuery(`DROP TABLESPACE IF EXISTS ${tablespace}`);
      unmount();
    },
  };
}
