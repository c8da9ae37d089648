import type Sqlite from 'better-sqlite3';
import type { CompiledQuery, QueryResult } from 'kysely';

// Enough for every distinct statement the routes and jobs run; IN-lists of other lengths come and go.
const KEPT_STATEMENTS = 256;

/**
 * Runs Kysely's compiled queries on statements prepared once per SQL text. Kysely's SQLite
 * connection prepares every query anew, and preparing costs as much as running for the short
 * queries of a page, and ~2 ms for an import's 500-row insert. The least recently used statement
 * goes when the cache is full. (Streamed queries keep Kysely's own fresh statement: an iterating
 * statement cannot run anything else.)
 */
export class SqliteStatements {
  private readonly prepared = new Map<string, Sqlite.Statement>();

  constructor(private readonly database: Sqlite.Database) {}

  execute<R>({ sql, parameters }: CompiledQuery): QueryResult<R> {
    const statement = this.statement(sql);
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  private statement(sql: string): Sqlite.Statement {
    let statement = this.prepared.get(sql);
    if (statement) {
      this.prepared.delete(sql); // re-inserted below: the Map's order is the order of use
    } else {
      statement = this.database.prepare(sql);
      if (this.prepared.size >= KEPT_STATEMENTS) this.prepared.delete(this.prepared.keys().next().value!);
    }
    this.prepared.set(sql, statement);
    return statement;
  }
}
