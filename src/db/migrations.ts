import { type Kysely, type Migration, Migrator } from 'kysely';
import type { Dialect, Store } from './connect.ts';
import { createPaperVectors, createSearchChangeLog, createSearchIndex } from './search-index.ts';
import { communityMigrations } from './community-migrations.ts';

/**
 * The schema's history as an ordered list; each step runs once, in a transaction,
 * on both dialects. Append, never edit a step that has shipped.
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_papers_and_feed': {
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
    '0002_search_index': {
      async up(db: Kysely<any>) {
        await createSearchIndex(db, dialect);
      },
    },
    '0003_job_leases': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('job_leases')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('holder', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    ...communityMigrations(dialect),
    '0020_mail_subscriptions': {
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
    '0021_digest_sends': {
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
    '0004_search_change_log': {
      async up(db: Kysely<any>) {
        await createSearchChangeLog(db, dialect);
      },
    },
    '0005_paper_vectors': {
      async up(db: Kysely<any>) {
        await createPaperVectors(db, dialect);
      },
    },
  };
}

export async function migrateToLatest(store: Store): Promise<void> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => migrations(store.dialect) },
    // Capabilities number their migrations in their own ranges (search 0004–0009, community
    // 0010–0019, mail 0020–0029), so a database may meet a lower number after a higher one.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${(error as Error).message ?? error}`, { cause: error });
  }
}
