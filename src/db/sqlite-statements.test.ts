import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteStatements } from './sqlite-statements.ts';

describe('SqliteStatements', () => {
  const database = new SqliteDatabase(':memory:');
  afterEach(() => vi.restoreAllMocks());

  it('prepares each SQL text once and runs it again with new parameters', () => {
    const statements = new SqliteStatements(database);
    statements.execute(CompiledQuery.raw('CREATE TABLE t (n INTEGER)'));
    const prepare = vi.spyOn(database, 'prepare');
    for (let n = 1; n <= 3; n++) {
      expect(statements.execute(CompiledQuery.raw('INSERT INTO t (n) VALUES (?)', [n]))).toMatchObject({
        numAffectedRows: 1n,
        insertId: BigInt(n),
      });
    }
    expect(statements.execute(CompiledQuery.raw('SELECT sum(n) AS total FROM t WHERE n > ?', [1])).rows).toEqual([{ total: 5 }]);
    expect(statements.execute(CompiledQuery.raw('SELECT sum(n) AS total FROM t WHERE n > ?', [2])).rows).toEqual([{ total: 3 }]);
    expect(prepare).toHaveBeenCalledTimes(2);
  });

  it('keeps the statements used last when more texts come than it keeps', () => {
    const statements = new SqliteStatements(database);
    const prepare = vi.spyOn(database, 'prepare');
    const query = (n: number) => CompiledQuery.raw(`SELECT ${n} AS n`);
    for (let n = 0; n < 300; n++) expect(statements.execute(query(n)).rows).toEqual([{ n }]);
    expect(prepare).toHaveBeenCalledTimes(300);
    statements.execute(query(299)); // kept: among the newest
    expect(prepare).toHaveBeenCalledTimes(300);
    statements.execute(query(0)); // let go first, so prepared again
    expect(prepare).toHaveBeenCalledTimes(301);
  });
});
