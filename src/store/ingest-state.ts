import type { Store } from '../db/connect.ts';

/** Small durable key/value notes that let ingestion resume where it stopped (harvest cursors). */
export function ingestStateStore(store: Store) {
  return {
    async get(key: string): Promise<string | null> {
      const row = await store.db.selectFrom('ingest_state').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value ?? null;
    },
    async set(key: string, value: string): Promise<void> {
      const now = new Date().toISOString();
      await store.db
        .insertInto('ingest_state')
        .values({ key, value, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
        .execute();
    },
    async delete(key: string): Promise<void> {
      await store.db.deleteFrom('ingest_state').where('key', '=', key).execute();
    },
  };
}
