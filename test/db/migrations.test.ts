import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, migrateToLatest, schemaSteps } from '../../src/db/migrations.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

/** The steps as the previous code ran them: Kysely's Migrator, names in a table, any order allowed. */
async function migrateTheOldWay(store: TestStore, names: string[]): Promise<void> {
  const steps: Record<string, Migration> = {};
  for (const step of schemaSteps(store.dialect)) if (names.includes(step.name)) steps[step.name] = { up: (db) => step.up(db) };
  const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => steps }, allowUnorderedMigrations: true });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

async function schemaVersion(store: TestStore): Promise<number> {
  const row = await store.db.selectFrom('schema_version').select('version').executeTakeFirstOrThrow();
  return Number(row.version);
}

async function tableNames(store: TestStore): Promise<string[]> {
  return (await store.db.introspection.getTables({ withInternalKyselyTables: true })).map((table) => table.name);
}

describe.each(DIALECTS)('schema migrations (%s)', (dialect) => {
  let store: TestStore;
  afterEach(async () => store?.close());

  it('numbers the schema by the length of one ordered history', async () => {
    const names = schemaSteps(dialect).map((step) => step.name);
    expect(names).toEqual([...names].sort());
    expect(SCHEMA_VERSION).toBe(names.length);
    store = await openTestStore(dialect);
    expect(await schemaVersion(store)).toBe(SCHEMA_VERSION);
  });

  it('opens a database the previous code migrated out of order, keeps its rows, and continues by version', async () => {
    store = await openTestStore(dialect, { migrate: false });
    // The steps the code before the version number knew; later ones run by version only.
    const all = schemaSteps(dialect)
      .map((step) => step.name)
      .filter((name) => name <= '0022');
    // Created before the search change log and vectors existed, which then ran after 0021.
    await migrateTheOldWay(
      store,
      all.filter((name) => name !== '0004_search_change_log' && name !== '0005_paper_vectors'),
    );
    await migrateTheOldWay(store, all);
    await sql`INSERT INTO papers (id, title, created_at, changed_at) VALUES ('2601.00001', 'Kept', '2026-01-01', '2026-01-01')`.execute(
      store.db as Kysely<unknown>,
    );

    await migrateToLatest(store);
    expect(await schemaVersion(store)).toBe(SCHEMA_VERSION);
    expect(await tableNames(store)).not.toContain('kysely_migration');
    expect(await store.db.selectFrom('papers').select('title').execute()).toEqual([{ title: 'Kept' }]);
    // The change log the triggers keep works on the adopted schema.
    expect((await store.db.selectFrom('search_state').select('version').executeTakeFirstOrThrow()).version).toBeGreaterThan(0);

    await migrateToLatest(store);
    expect(await schemaVersion(store)).toBe(SCHEMA_VERSION);
  });

  it('runs only the steps a partly migrated old database lacks', async () => {
    store = await openTestStore(dialect, { migrate: false });
    await migrateTheOldWay(store, ['0001_papers_and_feed', '0002_search_index', '0003_job_leases']);
    await migrateToLatest(store);
    expect(await schemaVersion(store)).toBe(SCHEMA_VERSION);
    expect(await tableNames(store)).toEqual(expect.arrayContaining(['digest_sends', 'paper_vectors', 'users']));
  });

  it('keeps accounts made before 0024 able to log in, and takes papers hidden before out of the search index', async () => {
    store = await openTestStore(dialect, { migrate: false });
    await migrateTheOldWay(
      store,
      schemaSteps(dialect)
        .map((step) => step.name)
        .filter((name) => name <= '0022'),
    );
    const old = store.db as Kysely<unknown>;
    await sql`INSERT INTO users (email, handle, display_name, role, created_at)
      VALUES ('old@example.org', 'old', 'Old', 'member', '2026-01-02T03:04:05.000Z')`.execute(old);
    await sql`INSERT INTO papers (id, title, created_at, changed_at, hidden_at)
      VALUES ('2601.00001', 'Kept', '2026-01-01', '2026-01-01', NULL), ('2601.00002', 'Hidden', '2026-01-01', '2026-01-01', '2026-01-03')`.execute(
      old,
    );
    const db = store.db;
    const before = Number((await db.selectFrom('search_state').select('version').executeTakeFirstOrThrow()).version);

    await migrateToLatest(store);
    expect(await db.selectFrom('users').select('email_verified_at').execute()).toEqual([
      { email_verified_at: '2026-01-02T03:04:05.000Z' },
    ]);
    const logged = await db
      .selectFrom('search_changes')
      .innerJoin('papers', 'papers.doc_id', 'search_changes.doc_id')
      .select(['papers.id', 'search_changes.version'])
      .where('search_changes.version', '>', before)
      .execute();
    expect(logged.map((row) => row.id)).toEqual(['2601.00002']);
  });

  it('refuses a database from a newer version and changes nothing', async () => {
    store = await openTestStore(dialect);
    await store.db
      .updateTable('schema_version')
      .set({ version: SCHEMA_VERSION + 1 })
      .execute();
    await expect(migrateToLatest(store)).rejects.toThrow(
      `the database has schema version ${SCHEMA_VERSION + 1}, newer than this program's ${SCHEMA_VERSION}: run a newer dailypapers`,
    );
    expect(await schemaVersion(store)).toBe(SCHEMA_VERSION + 1);
  });

  it('rolls back every step of a run when one fails', async () => {
    store = await openTestStore(dialect, { migrate: false });
    await migrateTheOldWay(store, ['0001_papers_and_feed']);
    // A table in the way of a later step makes that step fail.
    await sql`CREATE TABLE job_leases (name text)`.execute(store.db as Kysely<unknown>);
    await expect(migrateToLatest(store)).rejects.toThrow(/^database migration 0003_job_leases failed: /);
    expect(await tableNames(store)).toContain('kysely_migration');
    expect(await tableNames(store)).not.toContain('schema_version');
  });
});
