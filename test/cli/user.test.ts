import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokenUser } from '../../src/social/accounts.ts';
import { userByEmail } from '../../src/store/accounts.ts';
import { moderationLog } from '../../src/store/moderation.ts';
import { runCli } from '../support/cli.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const dir = mkdtempSync(join(tmpdir(), 'dp-user-'));

describe.each(DIALECTS)('dailypapers user and token commands on %s', (dialect) => {
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
    expect(
      (
        await apiTokenUser(store, token.stdout.trim(), new Date(), (error) => {
          throw error;
        })
      )?.email,
    ).toBe('admin@example.org');

    const unknown = await runCli(['token', 'create', '--email', 'nobody@example.org'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no account for nobody@example.org');
  });

  it('restores a role, logs it, and refuses to demote the last admin', { timeout: 90_000 }, async () => {
    // The admin made above is the hub's only one.
    await runCli(['user', 'create', '--email', 'helper@example.org', '--password', 'a long password'], env);
    const demote = await runCli(['user', 'role', '--email', 'admin@example.org', '--role', 'member'], env);
    expect(demote).toMatchObject({
      code: 2,
      stderr: 'dailypapers: site-admin is the only admin: make another member admin first\n',
    });

    const promoted = await runCli(
      ['user', 'role', '--email', 'Helper@Example.org', '--role', 'admin', '--reason', 'owner on leave'],
      env,
    );
    expect(promoted).toMatchObject({ code: 0, stdout: 'helper@example.org (@helper) is now admin (was member)\n' });
    expect((await userByEmail(store, 'helper@example.org'))?.role).toBe('admin');
    const log = await moderationLog(store, { before: null, limit: 5 });
    expect(log.map((e) => [e.actor, e.action, e.subjectId, e.reason])).toEqual([
      [null, 'set-role', 'helper', 'member → admin: owner on leave'],
    ]);

    const unknown = await runCli(['user', 'role', '--email', 'nobody@example.org', '--role', 'admin'], env);
    expect(unknown).toMatchObject({ code: 2, stderr: 'dailypapers: no account for nobody@example.org\n' });
    const badRole = await runCli(['user', 'role', '--email', 'helper@example.org', '--role', 'king'], env);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain("argument 'king' is invalid");
  });
});
