import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Store, openStore } from '../../src/db/connect.ts';

/** Both dialects: every store test runs on each. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof DIALECTS)[number];

// The server that hosts the throwaway databases; CI and the machines here use trust auth.
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestStore extends Store {
  /** The DATABASE_URL that reaches this same database, for a child process or a server. */
  url: string;
}

/**
 * A fresh, empty database (migrated unless `migrate` is false) of the given dialect: an in-memory SQLite, or a new
 * PostgreSQL database with a random name that is dropped on close, so runs never collide.
 */
export async function openTestStore(
  dialect: TestDialect,
  options: { sqliteFile?: string; migrate?: boolean } = {},
): Promise<TestStore> {
  const open = { migrate: options.migrate ?? true };
  if (dialect === 'sqlite') {
    const file = options.sqliteFile ?? ':memory:';
    const store = await openStore({ dialect: 'sqlite', file }, open);
    return { ...store, url: `sqlite:${file}` };
  }
  const name = `dp_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const store = await openStore({ dialect: 'postgres', url }, open);
  return {
    ...store,
    url,
    async close() {
      await store.close();
      // The pool's clients are still saying goodbye when close() resolves; a plain DROP waits
      // for them (up to 5 s), where FORCE would kill them mid-exit and crash the test process.
      // FORCE stays as the fallback for a test that leaked a connection.
      await adminQuery(`DROP DATABASE IF EXISTS ${name}`).catch(() => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Runs one statement on the PostgreSQL server that hosts the test databases (creating, dropping, terminating). */
export async function adminQuery(text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}
