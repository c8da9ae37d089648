import { sql } from 'kysely';
import type { Store } from '../db/connect.ts';

/** Throws unless the database answers a trivial query: what readiness means. */
export async function pingStore(store: Store): Promise<void> {
  await sql`select 1`.execute(store.db);
}

/**
 * Writes one row and keeps it: proves the database can still write (disk space, permissions).
 * It lives in the job lease table under a name no job uses, so the probe needs no table of its own.
 * PostgreSQL writes into room left in the pages it has, so a full disk shows there only when a
 * file must grow: the probe also gives a fresh temporary table its first page (in the database's
 * tablespace, unless `temp_tablespaces` says otherwise), dropped at commit.
 */
export async function probeWrite(store: Store, now: Date): Promise<void> {
  const stamp = now.toISOString();
  await store.db
    .insertInto('job_leases')
    .values({ name: 'readyz:write-probe', holder: 'readyz', expires_at: stamp })
    .onConflict((oc) => oc.column('name').doUpdateSet({ expires_at: stamp }))
    .execute();
  if (store.dialect === 'postgres') {
    await store.db.transaction().execute(async (trx) => {
      await sql`CREATE TEMPORARY TABLE readyz_space_probe (one integer) ON COMMIT DROP`.execute(trx);
      await sql`INSERT INTO readyz_space_probe VALUES (1)`.execute(trx);
    });
  }
}
