import type { Store } from '../db/connect.ts';

/** Keys of the service_state table. */
export type ServiceStateKey = 'public-address' | 'search-snapshot-identity' | 'secret-fingerprint';

/** A fact the running service recorded, or null when none is. */
export async function readServiceState(store: Store, key: ServiceStateKey): Promise<string | null> {
  const row = await store.db.selectFrom('service_state').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

/** The recorded fact, or `value` recorded now when there is none (the first writer's value wins). */
export async function claimServiceState(store: Store, key: ServiceStateKey, value: string, now: Date): Promise<string> {
  const recorded = await readServiceState(store, key);
  if (recorded !== null) return recorded;
  await store.db
    .insertInto('service_state')
    .values({ key, value, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await readServiceState(store, key)) ?? value;
}

/** Records a fact, replacing what was recorded before. */
export async function writeServiceState(store: Store, key: ServiceStateKey, value: string, now: Date): Promise<void> {
  const updatedAt = now.toISOString();
  await store.db
    .insertInto('service_state')
    .values({ key, value, updated_at: updatedAt })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: updatedAt }))
    .execute();
}
