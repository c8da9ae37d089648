import { type Kysely, sql } from 'kysely';
import type { Dialect, Store } from './connect.ts';
import {
  createPaperVectors,
  createSearchChangeLog,
  createSearchIndex,
  dropDatabaseFullText,
  logHiddenPaperChanges,
} from './search-index.ts';
import { addEmailVerification, communityMigrations } from './community-migrations.ts';
import { libraryMigrations } from './library-migrations.ts';
import { feedbackMigrations } from './feedback-migrations.ts';
import { filterMigrations } from './filter-migrations.ts';
import { readIndexMigrations } from './read-index-migrations.ts';
import { webhookMigrations } from './webhook-migrations.ts';

/** One step of the schema's history. Steps receive an untyped Kysely: they describe old schemas too. */
export interface SchemaStep {
  /** Names the step in errors and maps databases migrated before the version number existed. */
  name: string;
  up(db: Kysely<any>): Promise<void>;
}

/**
 * The schema's history, in the order it runs; a database's schema version is how many of
 * these it has run. Append, never edit or reorder a step that has shipped.
 */
export function schemaSteps(dialect: Dialect): SchemaStep[] {
  return [
    {
      name: '0001_papers_and_feed',
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('papers')
          .addColumn('doc_id', dialect === 'sqlite' ? 'integer' : 'bigserial', (c) => c.primaryKey())
          .addColumn('id', 'text', (c) => c.notNull().unique())
          .addColumn('version', 'integer')
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('abstract', 'text')
          .addColumn('authors', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('primary_category', 'text')
          .addColumn('published_at', 'text')
          .addColumn('updated_at', 'text')
          .addColumn('comment', 'text')
          .addColumn('journal_ref', 'text')
          .addColumn('doi', 'text')
          .addColumn('github_repo', 'text')
          .addColumn('project_page', 'text')
          .addColumn('source_upvotes', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('upvotes', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('listed_on', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('changed_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('papers_published_at').on('papers').columns(['published_at', 'id']).execute();
        await db.schema.createIndex('papers_primary_category').on('papers').column('primary_category').execute();

        await db.schema
          .createTable('feed_entries')
          .addColumn('paper_id', 'text', (c) => c.primaryKey().references('papers.id').onDelete('cascade'))
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('rank', 'integer')
          .addColumn('submitted_by', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('feed_entries_day').on('feed_entries').columns(['day', 'paper_id']).execute();
        await db.schema.createIndex('feed_entries_submitted_by').on('feed_entries').column('submitted_by').execute();

        await db.schema
          .createTable('ingest_state')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    {
      name: '0002_search_index',
      async up(db: Kysely<any>) {
        await createSearchIndex(db, dialect);
      },
    },
    {
      name: '0003_job_leases',
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('job_leases')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('holder', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    {
      name: '0004_search_change_log',
      async up(db: Kysely<any>) {
        await createSearchChangeLog(db, dialect);
      },
    },
    {
      name: '0005_paper_vectors',
      async up(db: Kysely<any>) {
        await createPaperVectors(db, dialect);
      },
    },
    ...communityMigrations(dialect),
    {
      name: '0020_mail_subscriptions',
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('subscriptions')
          .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigserial', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          // A member's subscription (users.id); anyone else needs only the address. No foreign
          // key: this range may run on a database that has not met the accounts migrations yet.
          .addColumn('user_id', dialect === 'sqlite' ? 'integer' : 'bigint')
          .addColumn('frequency', 'text', (c) => c.notNull())
          .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('query', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('nonce', 'text', (c) => c.notNull())
          .addColumn('permanent_failures', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('confirmation_sent_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('confirmed_at', 'text')
          .execute();
        await db.schema.createIndex('subscriptions_due').on('subscriptions').columns(['status', 'frequency', 'id']).execute();
        await db.schema.createIndex('subscriptions_user_id').on('subscriptions').column('user_id').execute();
      },
    },
    {
      name: '0021_digest_sends',
      async up(db: Kysely<any>) {
        // One row per subscriber and period, inserted when a sender claims the send: the
        // primary key is what makes a second copy impossible.
        await db.schema
          .createTable('digest_sends')
          .addColumn('subscription_id', 'bigint', (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
          .addColumn('period', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('holder', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'text')
          .addColumn('last_error', 'text')
          .addColumn('message_id', 'text')
          .addColumn('claimed_at', 'text', (c) => c.notNull())
          .addColumn('sent_at', 'text')
          .addPrimaryKeyConstraint('digest_sends_pk', ['subscription_id', 'period'])
          .execute();
        await db.schema.createIndex('digest_sends_period_status').on('digest_sends').columns(['period', 'status']).execute();
      },
    },
    { name: '0022_paper_metadata', up: addPaperMetadata },
    {
      // What the running service tells the other commands, e.g. the address `serve` answers on.
      name: '0023_service_state',
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('service_state')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    { name: '0024_search_log_hidden', up: (db) => logHiddenPaperChanges(db, dialect) },
    { name: '0024_verified_email', up: addEmailVerification },
    ...libraryMigrations(dialect),
    { name: '0031_drop_database_full_text', up: (db) => dropDatabaseFullText(db, dialect) },
    ...feedbackMigrations(dialect),
    ...filterMigrations(dialect),
    ...webhookMigrations(dialect),
    ...readIndexMigrations(),
  ];
}

/** The schema version this code expects: the length of the history. */
export const SCHEMA_VERSION = schemaSteps('sqlite').length;

/**
 * Runs the steps a database has not run yet, all in one transaction, so a failure leaves
 * the schema as it was. Several processes may start at once: the transaction first takes
 * the database's write lock (SQLite) or an advisory lock (PostgreSQL), so one migrates and
 * the others then find nothing to do.
 */
export async function migrateToLatest(store: Store): Promise<void> {
  const steps = schemaSteps(store.dialect);
  await store.db.connection().execute(async (db) => {
    await sql.raw(store.dialect === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN').execute(db);
    try {
      if (store.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`.execute(db);
      await migrate(db, steps);
      await sql`COMMIT`.execute(db);
    } catch (error) {
      await sql`ROLLBACK`.execute(db);
      throw error;
    }
  });
}

// Any fixed number: every process of this service agrees on it.
const SCHEMA_LOCK = 7_340_021;

async function migrate(db: Kysely<any>, steps: SchemaStep[]): Promise<void> {
  await db.schema
    .createTable('schema_version')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  const row = await db.selectFrom('schema_version').select('version').executeTakeFirst();
  const applied = row ? new Set(steps.slice(0, Number(row.version)).map((step) => step.name)) : await legacyHistory(db, steps);
  if (row && Number(row.version) > steps.length) {
    throw new Error(
      `the database has schema version ${row.version}, newer than this program's ${steps.length}: run a newer dailypapers`,
    );
  }
  for (const step of steps) {
    if (applied.has(step.name)) continue;
    try {
      await step.up(db);
    } catch (error) {
      throw new Error(`database migration ${step.name} failed: ${(error as Error).message ?? error}`, { cause: error });
    }
  }
  if (row) await db.updateTable('schema_version').set({ version: steps.length }).execute();
  else await db.insertInto('schema_version').values({ version: steps.length }).execute();
}

/**
 * Databases migrated before the version number kept Kysely's table of step names, where
 * steps from different ranges may have run out of order. Those names say which steps ran;
 * the rest run now, in order, and the version number takes over from the table.
 */
async function legacyHistory(db: Kysely<any>, steps: SchemaStep[]): Promise<Set<string>> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((table) => table.name === 'kysely_migration')) return new Set();
  const rows = await db.selectFrom('kysely_migration').select('name').execute();
  const known = new Set(steps.map((step) => step.name));
  const unknown = rows.map((r: { name: string }) => r.name).filter((name: string) => !known.has(name));
  if (unknown.length > 0)
    throw new Error(
      `the database has run migrations this program does not know (${unknown.join(', ')}): run a newer dailypapers`,
    );
  await db.schema.dropTable('kysely_migration').execute();
  await db.schema.dropTable('kysely_migration_lock').ifExists().execute();
  return new Set(rows.map((r: { name: string }) => r.name));
}

/**
 * Papers learn which kind of source their text came from (the precedence rule of
 * src/core/paper-merge.ts) and keep what Hugging Face adds to a paper. Rows stored before
 * are classed by what only each source gives: arXiv always lists categories, Hugging Face
 * never does but counts upvotes or places the paper on its feed.
 */
export async function addPaperMetadata(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('papers')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('other'))
    .execute();
  await db.schema.alterTable('papers').addColumn('ai_summary', 'text').execute();
  await db.schema
    .alterTable('papers')
    .addColumn('ai_keywords', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('papers').addColumn('organization', 'text').execute();
  await db.schema.alterTable('papers').addColumn('github_stars', 'integer').execute();
  await db.updateTable('papers').set({ source: 'arxiv' }).where('categories', '<>', '[]').execute();
  await db
    .updateTable('papers')
    .set({ source: 'hf' })
    .where('categories', '=', '[]')
    .where((eb) =>
      eb.or([
        eb('source_upvotes', '>', 0),
        eb.exists(
          eb
            .selectFrom('feed_entries')
            .select(sql`1`.as('one'))
            .whereRef('feed_entries.paper_id', '=', 'papers.id')
            .where('feed_entries.source', '=', 'hf'),
        ),
      ]),
    )
    .execute();
}
