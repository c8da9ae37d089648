import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import type { Dialect, Store } from './connect.ts';

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
        if (dialect === 'sqlite') await sqliteSearchIndex(db);
        else await postgresSearchIndex(db);
      },
    },
  };
}

// FTS5 over the papers table itself (external content), kept in step by triggers, so
// every write path — import, ingestion, edits — indexes without remembering to.
async function sqliteSearchIndex(db: Kysely<any>) {
  await sql`CREATE VIRTUAL TABLE paper_search USING fts5(
    title, abstract, authors, content='papers', content_rowid='doc_id',
    tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
  await sql`CREATE TRIGGER papers_search_insert AFTER INSERT ON papers BEGIN
    INSERT INTO paper_search(rowid, title, abstract, authors) VALUES (new.doc_id, new.title, new.abstract, new.authors);
  END`.execute(db);
  await sql`CREATE TRIGGER papers_search_delete AFTER DELETE ON papers BEGIN
    INSERT INTO paper_search(paper_search, rowid, title, abstract, authors) VALUES ('delete', old.doc_id, old.title, old.abstract, old.authors);
  END`.execute(db);
  await sql`CREATE TRIGGER papers_search_update AFTER UPDATE OF title, abstract, authors ON papers BEGIN
    INSERT INTO paper_search(paper_search, rowid, title, abstract, authors) VALUES ('delete', old.doc_id, old.title, old.abstract, old.authors);
    INSERT INTO paper_search(rowid, title, abstract, authors) VALUES (new.doc_id, new.title, new.abstract, new.authors);
  END`.execute(db);
}

// A weighted tsvector computed by PostgreSQL itself, with a GIN index.
async function postgresSearchIndex(db: Kysely<any>) {
  await sql`ALTER TABLE papers ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', coalesce(abstract, '')), 'B') ||
    setweight(to_tsvector('simple', authors), 'C')) STORED`.execute(db);
  await sql`CREATE INDEX papers_search_vector ON papers USING gin (search_vector)`.execute(db);
}

export async function migrateToLatest(store: Store): Promise<void> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => migrations(store.dialect) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${(error as Error).message ?? error}`, { cause: error });
  }
}
