/**
 * Copies a SQLite store into an empty PostgreSQL database of the same schema version, and
 * proves the copy: each table's row count and a checksum of its rows, read back from both.
 *
 * Tables are found in the source (so a table added by a later migration is copied without
 * anyone remembering to list it) and written parents first, in the order the target's foreign
 * keys require. The source is read inside one transaction, so a writer cannot change it halfway;
 * the target is written inside one transaction, so a failed copy leaves it empty.
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Store } from './connect.ts';

export interface TableCopy {
  table: string;
  rows: number;
  /** The rows' checksum, the same on both sides (or the copy failed). */
  checksum: string;
}

/** Why the copy did not start or did not prove itself; nothing was kept in the target. */
export class StoreCopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreCopyError';
  }
}

// The schema's own bookkeeping: the target has it already, at the same version.
const BOOKKEEPING = new Set(['schema_version']);
// Rows a migration puts in a new database (the search change log's counter): the source's replace them.
const SEEDED = new Set(['search_state']);
// PostgreSQL takes at most 65,535 parameters a statement.
const PARAMETERS_PER_INSERT = 30_000;
const READ_BATCH = 2_000;

export async function copyStore(
  source: Store,
  target: Store,
  onTable: (copy: TableCopy) => void = () => undefined,
): Promise<TableCopy[]> {
  if (source.dialect !== 'sqlite')
    throw new StoreCopyError('the store to copy from must be SQLite (DATA_DIR or a sqlite: DATABASE_URL)');
  if (target.dialect !== 'postgres') throw new StoreCopyError('the store to copy into must be PostgreSQL (a postgres:// URL)');
  const from = source.db as unknown as Kysely<any>;
  const into = target.db as unknown as Kysely<any>;

  return from.transaction().execute(async (reading) => {
    const tables = parentsFirst(await sqliteTables(reading), await foreignKeys(into));
    const targetTables = new Set((await into.introspection.getTables()).map((t) => t.name));
    const absent = tables.filter((table) => !targetTables.has(table));
    if (absent.length > 0)
      throw new StoreCopyError(`the target has no table ${absent.join(', ')}: is it the same version of dailypapers?`);
    for (const table of tables.filter((t) => !SEEDED.has(t))) {
      const { count } = (await sql<{ count: number }>`select count(*) as count from ${sql.table(table)}`.execute(into)).rows[0]!;
      if (Number(count) > 0)
        throw new StoreCopyError(
          `the target is not empty (${table} holds ${count} rows): migrate-store copies into an empty database`,
        );
    }

    const copies: TableCopy[] = [];
    await into.transaction().execute(async (writing) => {
      // The copy is the source's rows as they are: the triggers that keep the search change log
      // would add rows of their own for each paper written. Undone with the transaction if it fails.
      for (const table of tables) await sql`alter table ${sql.table(table)} disable trigger user`.execute(writing);
      for (const table of SEEDED) if (tables.includes(table)) await writing.deleteFrom(table).execute();
      for (const table of tables) {
        const checksum = new RowChecksum();
        for await (const rows of sqliteRows(reading, table)) {
          rows.forEach((row) => checksum.add(row));
          await insertRows(writing, table, rows);
        }
        await advanceSequences(writing, table);
        const written = new RowChecksum();
        for await (const rows of postgresRows(writing, table)) rows.forEach((row) => written.add(row));
        if (written.count !== checksum.count || written.digest() !== checksum.digest()) {
          throw new StoreCopyError(
            `${table}: ${checksum.count} rows read, ${written.count} written, checksums ${checksum.digest()} and ${written.digest()} differ`,
          );
        }
        const copy = { table, rows: checksum.count, checksum: checksum.digest() };
        copies.push(copy);
        onTable(copy);
      }
      for (const table of tables) await sql`alter table ${sql.table(table)} enable trigger user`.execute(writing);
    });
    return copies;
  });
}

async function sqliteTables(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
  return rows.map((row) => row.name).filter((name) => !BOOKKEEPING.has(name));
}

/** child → the tables it references, from the target's constraints (the order it enforces). */
async function foreignKeys(db: Kysely<any>): Promise<Map<string, Set<string>>> {
  const { rows } = await sql<{ child: string; parent: string }>`
    select child.relname as child, parent.relname as parent
    from pg_constraint c
    join pg_class child on child.oid = c.conrelid
    join pg_class parent on parent.oid = c.confrelid
    join pg_namespace n on n.oid = c.connamespace
    where c.contype = 'f' and n.nspname = current_schema()`.execute(db);
  const parents = new Map<string, Set<string>>();
  for (const { child, parent } of rows) {
    if (child === parent) continue; // a reply's parent comment: rows go in id order, parents first
    if (!parents.has(child)) parents.set(child, new Set());
    parents.get(child)!.add(parent);
  }
  return parents;
}

function parentsFirst(tables: string[], parents: Map<string, Set<string>>): string[] {
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visit = (table: string, path: Set<string>) => {
    if (placed.has(table) || path.has(table)) return;
    path.add(table);
    for (const parent of parents.get(table) ?? []) if (tables.includes(parent)) visit(parent, path);
    placed.add(table);
    ordered.push(table);
  };
  tables.forEach((table) => visit(table, new Set()));
  return ordered;
}

/** The table's rows in insertion order (rowid), a batch at a time. */
async function* sqliteRows(db: Kysely<any>, table: string): AsyncGenerator<Record<string, unknown>[]> {
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const { rows } = await sql<Record<string, unknown>>`
      select rowid as dp_copy_rowid, * from ${sql.table(table)}
      where rowid > ${after} order by rowid limit ${READ_BATCH}`.execute(db);
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1]!.dp_copy_rowid);
    yield rows.map(({ dp_copy_rowid: _rowid, ...row }) => row);
  }
}

/** The table's rows as PostgreSQL stored them, a batch at a time (by physical position). */
async function* postgresRows(db: Kysely<any>, table: string): AsyncGenerator<Record<string, unknown>[]> {
  let after = '(0,0)';
  for (;;) {
    const { rows } = await sql<Record<string, unknown>>`
      select ctid::text as dp_copy_ctid, * from ${sql.table(table)}
      where ctid > ${after}::tid order by ctid limit ${READ_BATCH}`.execute(db);
    if (rows.length === 0) return;
    after = String(rows[rows.length - 1]!.dp_copy_ctid);
    yield rows.map(({ dp_copy_ctid: _ctid, ...row }) => row);
  }
}

async function insertRows(db: Kysely<any>, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const perInsert = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / Object.keys(rows[0]!).length));
  for (let start = 0; start < rows.length; start += perInsert) {
    const batch = rows.slice(start, start + perInsert);
    try {
      await db.insertInto(table).values(batch).execute();
    } catch (error) {
      throw new StoreCopyError(`${table}: PostgreSQL refused a row (${(error as Error).message})`);
    }
  }
}

/** Serial columns continue after the copied ids, so the next row PostgreSQL numbers does not collide. */
async function advanceSequences(db: Kysely<any>, table: string): Promise<void> {
  const { rows } = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and column_default like 'nextval(%'`.execute(db);
  for (const { column_name: column } of rows) {
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}),
      (select coalesce(max(${sql.ref(column)}), 0) + 1 from ${sql.table(table)}), false)`.execute(db);
  }
}

/**
 * A checksum of a table's rows that does not depend on their order (the two databases return
 * them in different orders): the sum, modulo 2²⁵⁶, of each row's SHA-256. Values are compared
 * as the application reads them: numbers as numbers, bytes as hex, text as text.
 */
class RowChecksum {
  count = 0;
  private sum = 0n;

  add(row: Record<string, unknown>): void {
    const canonical = Object.keys(row)
      .sort()
      .map((column) => [column, canonicalValue(row[column])]);
    const hash = createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
    this.sum = (this.sum + BigInt(`0x${hash}`)) & ((1n << 256n) - 1n);
    this.count++;
  }

  digest(): string {
    return this.sum.toString(16).padStart(64, '0');
  }
}

function canonicalValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('hex') };
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  return value;
}
