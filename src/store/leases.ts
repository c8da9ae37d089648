import type { Store } from '../db/connect.ts';

/**
 * Time-limited exclusive claims on a named job, so that two app processes sharing one
 * database never run the same scheduled job at once. A holder that dies simply lets its
 * lease expire.
 */
export async function acquireLease(
  store: Store,
  name: string,
  holder: string,
  ttlMs: number,
  now = new Date(),
): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  const row = await store.db
    .insertInto('job_leases')
    .values({ name, holder, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder, expires_at: expiresAt })
        .where((eb) => eb.or([eb('job_leases.expires_at', '<', now.toISOString()), eb('job_leases.holder', '=', holder)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === holder;
}

export async function releaseLease(store: Store, name: string, holder: string): Promise<void> {
  await store.db.deleteFrom('job_leases').where('name', '=', name).where('holder', '=', holder).execute();
}

/** Who holds the named lease now (expired or not), or null when nobody does. */
export async function leaseHolder(store: Store, name: string): Promise<string | null> {
  const row = await store.db.selectFrom('job_leases').select('holder').where('name', '=', name).executeTakeFirst();
  return row?.holder ?? null;
}
