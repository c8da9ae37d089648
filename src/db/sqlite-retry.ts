/**
 * SQLite with writers that wait their turn. Another process (an import beside the server, a
 * second server) may hold the file's write lock; SQLite's own busy handler only covers part of
 * that, so this driver:
 *  - begins every transaction with BEGIN IMMEDIATE, taking the write lock before reading, so a
 *    transaction never fails half-way with SQLITE_BUSY_SNAPSHOT (its snapshot went stale);
 *  - retries a statement or a BEGIN that met SQLITE_BUSY* with growing, jittered pauses that
 *    yield to the event loop, until the budget (the query timeout) is spent;
 *  - rolls back only a transaction that SQLite has not already ended itself.
 */
import type Sqlite from 'better-sqlite3';
import { SqliteStatements } from './sqlite-statements.ts';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';

export interface BusyRetry {
  /** Total time a statement may spend waiting for the lock before its SQLITE_BUSY is thrown. */
  budgetMs: number;
}

const FIRST_PAUSE_MS = 2;
const LONGEST_PAUSE_MS = 100;

export class RetryingSqliteDialect extends SqliteDialect {
  constructor(
    private readonly config: SqliteDialectConfig & { database: Sqlite.Database },
    private readonly retry: BusyRetry,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new RetryingSqliteDriver(this.config, this.config.database, this.retry);
  }
}

class RetryingSqliteDriver extends SqliteDriver {
  private wrapped: DatabaseConnection | null = null;
  private readonly statements: SqliteStatements;

  constructor(
    config: SqliteDialectConfig,
    private readonly database: Sqlite.Database,
    private readonly retry: BusyRetry,
  ) {
    super(config);
    this.statements = new SqliteStatements(database);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.wrapped ??= {
      // Inside a transaction we hold the write lock already; a failure there is not ours to repeat.
      executeQuery: async <R>(query: CompiledQuery) =>
        this.database.inTransaction
          ? this.statements.execute<R>(query)
          : whileBusy(async () => this.statements.execute<R>(query), this.retry),
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
    return this.wrapped;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  // SQLite ends a transaction itself on some errors (an I/O error on a full disk, SQLITE_FULL):
  // a ROLLBACK then fails with "no transaction is active" and would hide the error that matters.
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.database.inTransaction) await super.rollbackTransaction(connection);
  }
}

/** Runs `attempt` again while it fails with SQLITE_BUSY*, pausing longer each time, within the budget. */
async function whileBusy<T>(attempt: () => Promise<QueryResult<T>>, retry: BusyRetry): Promise<QueryResult<T>> {
  const started = performance.now();
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || performance.now() - started + pause > retry.budgetMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
    }
  }
}

function isBusy(error: unknown): boolean {
  return typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('SQLITE_BUSY');
}
