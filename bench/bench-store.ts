/**
 * A fresh, empty store for a benchmark: a SQLite file in a temporary folder, or a new
 * PostgreSQL database on the local server; both removed on dispose.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../src/db/connect.ts';

export type BenchStoreKind = 'sqlite' | 'postgres';

const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function openBenchStore(kind: BenchStoreKind): Promise<{ store: Store; dispose: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dp-bench-'));
    const store = await openStore({ dialect: 'sqlite', file: join(dir, 'bench.sqlite') });
    return {
      store,
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `dp_bench_${process.pid}_${Date.now()}`;
  await admin(`CREATE DATABASE ${name}`);
  const store = await openStore({ dialect: 'postgres', url: ADMIN_URL.replace(/\/[^/]*$/, `/${name}`) });
  return {
    store,
    dispose: async () => {
      await store.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function admin(text: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export function parseStoreKind(value: string | undefined): BenchStoreKind {
  if (value === undefined || value === 'sqlite' || value === 'postgres') return value ?? 'sqlite';
  throw new Error(`--store must be sqlite or postgres, not ${value}`);
}
