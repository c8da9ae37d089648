import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokenUser } from '../../src/social/accounts.ts';
import { userByEmail } from '../../src/store/accounts.ts';
import { runCli } from '../support/cli.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const dir = mkdtempSync(join(tmpdir(), 'dp-user-'));

describe.each(DIALECTS)('dailypapers user/token create on %s', (dialect) => {
  let store: TestStore;
  let env: Record<string, string>;
  beforeAll(async () => {
    store = await openTestStore(dialect, { sqliteFile: join(dir, `${Math.random()}.sqlite`) });
    env = { DATABASE_URL: store.url, DATA_DIR: dir };
  });
  afterAll(async () => {
    await store.close();
  });

  it('creates an admin, refuses a duplicate, and prints a working token', async () => {
    const created = await runCli(
      [
        'user',
        'create',
        '--email',
        'Admin@Example.org',
        '--password',
        'a long password',
        '--name',
        'Site Admin',
        '--role',
        'admin',
      ],
      env,
    );
    expect(created).toMatchObject({ code: 0, stdout: 'created admin admin@example.org (@site-admin)\n' });
    expect((await userByEmail(store, 'admin@example.org'))?.role).toBe('admin');

    const again = await runCli(['user', 'create', '--email', 'admin@example.org', '--password', 'a long password'], env);
    expect(again).toMatchObject({ code: 2, stderr: 'dailypapers: an account for admin@example.org already exists\n' });

    const token = await runCli(['token', 'create', '--email', 'admin@example.org'], env);
    expect(token.code).toBe(0);
    expect((await apiTokenUser(store, token.stdout.trim(), new Date()))?.email).toBe('admin@example.org');

    const unknown = await runCli(['token', 'create', '--email', 'nobody@example.org'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no account for nobody@example.org');
  });
});
