import { type Kysely, sql } from 'kysely';
import type { Dialect } from './connect.ts';
import type { SchemaStep } from './migrations.ts';

/**
 * The community's tables (migrations 0010–0019): accounts, votes, comments, moderation and
 * the stored trending rank. Invariants live in the database: one vote per member and paper
 * (the primary key), one account per e-mail address, hashed secrets only.
 */
export function communityMigrations(dialect: Dialect): SchemaStep[] {
  const serial = dialect === 'sqlite' ? 'integer' : 'bigserial';
  const key = dialect === 'sqlite' ? 'integer' : 'bigint';
  const double = dialect === 'sqlite' ? 'real' : 'double precision';
  return [
    {
      name: '0010_accounts',
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('users')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('handle', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text')
          .addColumn('role', 'text', (c) => c.notNull().defaultTo('member'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sessions')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', key, (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
        await db.schema
          .createTable('api_tokens')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('user_id', key, (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_used_at', 'text')
          .execute();
        await db.schema
          .createTable('login_links')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', key, (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('used_at', 'text')
          .execute();
        // One row per failed password login, keyed by account and by address; counted over a window.
        await db.schema
          .createTable('login_failures')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('login_failures_key_at').on('login_failures').columns(['key', 'at']).execute();
      },
    },
    {
      name: '0011_votes_comments_moderation',
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('votes')
          .addColumn('user_id', key, (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('votes_pk', ['user_id', 'paper_id'])
          .execute();
        await db.schema.createIndex('votes_paper').on('votes').column('paper_id').execute();
        await db.schema
          .createTable('comments')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
          .addColumn('parent_id', key, (c) => c.references('comments.id'))
          .addColumn('user_id', key, (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('html', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('edited_at', 'text')
          .addColumn('deleted_at', 'text')
          .addColumn('hidden_at', 'text')
          .addColumn('hidden_reason', 'text')
          .execute();
        await db.schema.createIndex('comments_paper').on('comments').columns(['paper_id', 'created_at']).execute();
        // Append-only: the store has no update or delete for it.
        await db.schema
          .createTable('moderation_log')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('actor_id', key, (c) => c.references('users.id'))
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('subject_kind', 'text', (c) => c.notNull())
          .addColumn('subject_id', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('moderation_log_created').on('moderation_log').column('created_at').execute();
        await db.schema
          .alterTable('papers')
          .addColumn('num_comments', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema.alterTable('papers').addColumn('hidden_at', 'text').execute();
        await db.schema.alterTable('papers').addColumn('hidden_reason', 'text').execute();
      },
    },
    {
      name: '0012_trending',
      async up(db: Kysely<any>) {
        // engagement_level: log2 of the paper's decayed engagement in a time-free frame (see
        // src/core/trending.ts); trending: that level less the category's, the ranking key.
        await db.schema.alterTable('papers').addColumn('engagement_level', double).execute();
        await db.schema.alterTable('papers').addColumn('trending', double).execute();
        // The trending page reads `ORDER BY trending DESC NULLS LAST, id DESC` straight off this index.
        if (dialect === 'postgres')
          await sql`CREATE INDEX papers_trending ON papers (trending DESC NULLS LAST, id DESC)`.execute(db);
        else await db.schema.createIndex('papers_trending').on('papers').columns(['trending', 'id']).execute();
        await db.schema
          .createTable('trending_categories')
          .addColumn('category', 'text', (c) => c.primaryKey())
          .addColumn('level', double, (c) => c.notNull())
          .addColumn('computed_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
  ];
}

/**
 * Migration 0024: a self-service account proves its address (by its first e-mailed link)
 * before its password logs in. Accounts made before could log in already and stay able to.
 */
export async function addEmailVerification(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('email_verified_at', 'text').execute();
  await db
    .updateTable('users')
    .set({ email_verified_at: sql`created_at` })
    .execute();
}
