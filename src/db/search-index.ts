import { type Kysely, sql } from 'kysely';
import type { Dialect, Store } from './connect.ts';

/*
 * The full-text index is the one place where the dialects differ in kind, so all of its
 * SQL lives here: FTS5 with the Porter stemmer on SQLite, a weighted tsvector with GIN on
 * PostgreSQL. Both index title, abstract and the authors' names.
 */

export async function createSearchIndex(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await createSqliteSearchIndex(db);
  else await createPostgresSearchIndex(db);
}

/** Rebuilds the index from the papers table (`dailypapers reindex`). */
export async function rebuildSearchIndex(store: Store): Promise<void> {
  if (store.dialect === 'sqlite') {
    await sql`INSERT INTO paper_search(paper_search) VALUES ('rebuild')`.execute(store.db);
    await sql`INSERT INTO paper_search(paper_search) VALUES ('optimize')`.execute(store.db);
  } else {
    await sql`REINDEX INDEX papers_search_vector`.execute(store.db);
    await sql`ANALYZE papers`.execute(store.db);
  }
}

// FTS5 over the papers table itself (external content), kept in step by triggers, so
// every write path — import, ingestion, edits — indexes without remembering to.
async function createSqliteSearchIndex(db: Kysely<any>) {
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
async function createPostgresSearchIndex(db: Kysely<any>) {
  await sql`ALTER TABLE papers ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', coalesce(abstract, '')), 'B') ||
    setweight(to_tsvector('simple', authors), 'C')) STORED`.execute(db);
  await sql`CREATE INDEX papers_search_vector ON papers USING gin (search_vector)`.execute(db);
}

