import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type DatabaseTarget, type DatabaseTimeouts, DEFAULT_DATABASE_TIMEOUTS } from '../config/config.ts';
import { migrateToLatest } from './migrations.ts';
import type { Database } from './schema.ts';
import { RetryingSqliteDialect } from './sqlite-retry.ts';

export type Dialect = 'sqlite' | 'postgres';

/** An open database: the query builder plus which dialect it speaks. */
export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Brings the schema up to date first (default); on PostgreSQL without the query timeout. */
  migrate?: boolean;
  timeouts?: DatabaseTimeouts;
  /** Told about connections the pool lost (a restarted server, a failover, a dropped network). */
  onConnectionError?: (error: Error) => void;
}

// pg returns int8 (COUNT, bigserial) as strings; our counts fit a double.
const INT8 = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** How long SQLite itself waits for a lock before our own retries (which yield to the event loop) take over. */
const SQLITE_BUSY_WAIT_MS = 200;
/** The client gives up on a query a little after the server would have cancelled it, so the server's message wins. */
const CLIENT_TIMEOUT_MARGIN_MS = 500;

/** Opens the database named by the configuration and brings its schema up to date. */
export async function openStore(target: DatabaseTarget, options: StoreOptions = {}): Promise<Store> {
  const timeouts = options.timeouts ?? DEFAULT_DATABASE_TIMEOUTS;
  const onConnectionError = options.onConnectionError ?? (() => undefined);
  if (target.dialect === 'sqlite') {
    // SQLite has no statement timeout to lift (and an in-memory database is one connection).
    const store = openSqlite(target.file, timeouts);
    if (options.migrate !== false) await migrateToLatest(store);
    return store;
  }
  if (options.migrate !== false) {
    // A migration may rewrite a large table: it runs on its own pool, without the query timeout.
    const migrating = openPostgres(target.url, { ...timeouts, queryMs: 0 }, onConnectionError);
    try {
      await migrateToLatest(migrating);
    } finally {
      await migrating.close();
    }
  }
  return openPostgres(target.url, timeouts, onConnectionError);
}

function openSqlite(file: string, timeouts: DatabaseTimeouts): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  // better-sqlite3 waits synchronously: kept short so a busy file never freezes the server.
  database.pragma(`busy_timeout = ${SQLITE_BUSY_WAIT_MS}`);
  const db = new Kysely<Database>({
    dialect: new RetryingSqliteDialect({ database }, { budgetMs: timeouts.queryMs || Infinity }),
  });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

function openPostgres(url: string, timeouts: DatabaseTimeouts, onConnectionError: (error: Error) => void): Store {
  // The connect timeout goes to each new connection, not to the pool: pg-pool would also apply
  // it to requests queued for a free connection, failing a burst that is merely waiting its turn.
  class TimedClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: timeouts.connectMs });
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: pgTypes,
    Client: TimedClient,
    // The server cancels a slow statement; the client stops waiting for one lost in a frozen network.
    ...(timeouts.queryMs > 0
      ? { statement_timeout: timeouts.queryMs, query_timeout: timeouts.queryMs + CLIENT_TIMEOUT_MARGIN_MS }
      : {}),
    keepAlive: true,
  });
  // An idle connection that dies (a terminated backend, a restarted server) is removed by the
  // pool, which then emits 'error': without a listener Node would end the process.
  pool.on('error', onConnectionError);
  // A connection that dies while checked out emits 'error' on itself: its query fails with the
  // reason, and the pool discards it when it is released (it is no longer queryable).
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}
