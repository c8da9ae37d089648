/**
 * `dailypapers migrate-store --to postgres://…`: copies this hub's SQLite store into an empty
 * PostgreSQL database, table by table, and proves each table's copy by its row count and a
 * checksum of its rows read back from PostgreSQL. The SQLite store is left as it was; once
 * the copy is proven, set DATABASE_URL to the new database and start `serve` again.
 */
import { loadConfig } from '../config/config.ts';
import { openStore, type Store } from '../db/connect.ts';
import { copyStore, StoreCopyError } from '../db/copy-store.ts';
import { CommandError, type GlobalOptions, openContext } from './context.ts';
import { databaseProblem } from './startup-errors.ts';

export async function migrateStoreCommand(options: { to: string }, global: GlobalOptions): Promise<number> {
  const target = loadConfig(process.env, { DATABASE_URL: options.to }).database;
  if (target.dialect !== 'postgres')
    throw new CommandError('--to must be a postgres:// URL: migrate-store copies this hub into PostgreSQL');
  const { config, store } = await openContext(global);
  let into: Store | undefined;
  try {
    if (config.database.dialect !== 'sqlite') {
      throw new CommandError('this hub already runs on PostgreSQL (DATABASE_URL): migrate-store copies a SQLite store');
    }
    into = await openStore(target, { timeouts: { ...config.databaseTimeouts, queryMs: 0 } }).catch((error: unknown) => {
      throw new CommandError(databaseProblem(target, error), 1);
    });
    const started = performance.now();
    process.stdout.write(`copying ${config.database.file} into PostgreSQL\n`);
    const copies = await copyStore(store, into, (copy) =>
      process.stdout.write(
        `${copy.table.padEnd(28)} ${String(copy.rows).padStart(9)} rows  checksum ${copy.checksum.slice(0, 16)}  ok\n`,
      ),
    );
    const rows = copies.reduce((sum, copy) => sum + copy.rows, 0);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `copied ${rows} rows in ${copies.length} tables in ${seconds} s; every table's count and checksum match.\n` +
        'Next: stop serve, set DATABASE_URL to the new database, start serve again (the search index is rebuilt on start).\n',
    );
    return 0;
  } catch (error) {
    if (error instanceof StoreCopyError)
      throw new CommandError(`migrate-store: ${error.message}; nothing was kept in the target`, 1);
    throw error;
  } finally {
    await into?.close();
    await store.close();
  }
}
