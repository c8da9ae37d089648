import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { freePort } from '../support/net.ts';
import { POSTGRES_ADMIN_URL } from '../support/stores.ts';

// Each way a command cannot start ends in one line naming the cause and the fix, never a stack.
describe('a command that cannot start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dp-startup-'));

  it('refuses a BASE_URL without a scheme, saying how to write it', async () => {
    const result = await runCli(['digest', 'send'], { DATA_DIR: dataDir, BASE_URL: 'papers.example.org' });
    expect(result.stderr).toBe(
      'dailypapers: BASE_URL: "papers.example.org" has no scheme: write it as https://papers.example.org (or http://papers.example.org)\n',
    );
    expect(result.code).toBe(2);
  });

  it('names a port in use and how to choose another', async () => {
    const port = await freePort();
    const holder = createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    try {
      const result = await runCli(['serve', '--port', String(port)], { DATA_DIR: dataDir });
      expect(result.stderr).toBe(
        `dailypapers: port ${port} on 127.0.0.1 is in use by another program: stop it, or choose another with PORT or serve --port\n`,
      );
      expect(result.code).toBe(1);
    } finally {
      holder.close();
    }
  });

  it('names a DATA_DIR it cannot write and how to fix it', async () => {
    const file = join(dataDir, 'a-file');
    writeFileSync(file, '');
    const result = await runCli(['digest', 'send'], { DATA_DIR: join(file, 'data') });
    expect(result.stderr).toBe(
      `dailypapers: cannot write to DATA_DIR ${join(file, 'data')} (part of the path is a file): make it writable by this user, or set DATA_DIR (or --data-dir) to a folder that is\n`,
    );
    expect(result.code).toBe(1);
  });

  it('names a PostgreSQL database that does not exist and how to create it', async () => {
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = '/dailypapers_never_created';
    const result = await runCli(['serve'], { DATA_DIR: dataDir, DATABASE_URL: url.href });
    expect(result.stderr).toBe(
      `dailypapers: the PostgreSQL database "dailypapers_never_created" does not exist on ${url.hostname}:${url.port || 5432}: create it (createdb -h ${url.hostname} dailypapers_never_created), or correct DATABASE_URL\n`,
    );
    expect(result.code).toBe(1);
  });

  it('names a PostgreSQL server it cannot reach', async () => {
    const port = await freePort();
    const result = await runCli(['serve'], { DATA_DIR: dataDir, DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/papers` });
    expect(result.stderr).toBe(
      `dailypapers: cannot reach PostgreSQL at 127.0.0.1:${port} (connection refused): start it, or correct the host and port in DATABASE_URL\n`,
    );
    expect(result.code).toBe(1);
  });
});
