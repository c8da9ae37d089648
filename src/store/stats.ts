import { sql } from 'kysely';
import type { Store } from '../db/connect.ts';

/** Throws unless the database answers a trivial query: what readiness means. */
export async function pingStore(store: Store): Promise<void> {
  await sql`select 1`.execute(store.db);
}

/** How many papers are on any feed day (the metrics gauge). */
export async function countFeedEntries(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('feed_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
