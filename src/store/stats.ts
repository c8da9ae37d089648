import { sql } from 'kysely';
import type { Store } from '../db/connect.ts';

/** Throws unless the database answers a trivial query: what readiness means. */
export async function pingStore(store: Store): Promise<void> {
  await sql`select 1`.execute(store.db);
}
