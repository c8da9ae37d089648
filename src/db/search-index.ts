import { type Kysely, sql } from 'kysely';
import type { Dialect } from './connect.ts';

/*
 * The search tables, where the dialects differ in kind: the change log the in-process keyword
 * index follows, and the databases' own full-text indexes (FTS5 with the Porter stemmer on
 * SQLite, a weighted tsvector with GIN on PostgreSQL) that migration 0002 made and 0031 drops,
 * since search ranks in process (src/search) and nothing read them but a benchmark's baseline.
 */

export async function createSearchIndex(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await createSqliteSearchIndex(db);
  else await createPostgresSearchIndex(db);
}

/** Migration 0031: the databases' own full-text indexes go (their triggers cost every write). */
export async function dropDatabaseFullText(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    for (const trigger of ['papers_search_insert', 'papers_search_delete', 'papers_search_update'])
      await sql.raw(`DROP TRIGGER ${trigger}`).execute(db);
    // Its pages are reused by later rows; `VACUUM` gives them back to the file system.
    await sql`DROP TABLE paper_search`.execute(db);
  } else {
    await sql`DROP INDEX papers_search_vector`.execute(db);
    await sql`ALTER TABLE papers DROP COLUMN search_vector`.execute(db);
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

/*
 * The change log the in-process keyword index follows (src/search/index-sync.ts): every
 * insert, delete, or change of a searched field bumps one counter and records the paper
 * with the new value. Because every writer takes the counter row's lock, versions become
 * visible in order, so a reader that has seen version v has seen every change up to v —
 * which a sequence or a timestamp would not promise across concurrent transactions.
 */
export async function createSearchChangeLog(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const key = dialect === 'sqlite' ? 'integer' : 'bigint';
  await db.schema
    .createTable('search_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', key, (c) => c.notNull())
    .execute();
  await sql`INSERT INTO search_state (id, version) VALUES (1, 0)`.execute(db);
  await db.schema
    .createTable('search_changes')
    .addColumn('doc_id', key, (c) => c.primaryKey())
    .addColumn('version', key, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_changes_version').on('search_changes').column('version').execute();
  if (dialect === 'sqlite') await createSqliteChangeTriggers(db);
  else await createPostgresChangeTriggers(db);
}

// The fields whose change alters what a search finds or filters on (as 0004 logged them).
const SEARCHED_FIELDS = ['title', 'abstract', 'authors', 'categories', 'primary_category', 'published_at', 'github_repo'];
// Since 0024 also whether a moderator hides the paper: a hidden paper leaves the index.
const INDEXED_FIELDS = [...SEARCHED_FIELDS, 'hidden_at'];

// SQLite has one writer at a time, so row triggers are ordered by construction.
const sqliteLog = (row: 'new' | 'old') => `
    UPDATE search_state SET version = version + 1 WHERE id = 1;
    INSERT INTO search_changes (doc_id, version) VALUES (${row}.doc_id, (SELECT version FROM search_state WHERE id = 1))
      ON CONFLICT (doc_id) DO UPDATE SET version = excluded.version;`;

async function createSqliteUpdateTrigger(db: Kysely<any>, fields: string[]) {
  const changed = fields.map((f) => `old.${f} IS NOT new.${f}`).join(' OR ');
  await sql
    .raw(`CREATE TRIGGER papers_search_log_update AFTER UPDATE ON papers WHEN ${changed} BEGIN ${sqliteLog('new')} END`)
    .execute(db);
}

async function createSqliteChangeTriggers(db: Kysely<any>) {
  await sql.raw(`CREATE TRIGGER papers_search_log_insert AFTER INSERT ON papers BEGIN ${sqliteLog('new')} END`).execute(db);
  await createSqliteUpdateTrigger(db, SEARCHED_FIELDS);
  await sql.raw(`CREATE TRIGGER papers_search_log_delete AFTER DELETE ON papers BEGIN ${sqliteLog('old')} END`).execute(db);
}

// Statement triggers with transition tables: one counter bump per statement, so a
// 1,000-row import batch costs one extra row write, not a thousand.
const postgresLogRows = (rows: string) => `
    WITH changed AS (${rows}),
    bump AS (UPDATE search_state SET version = version + 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM changed) RETURNING version)
    INSERT INTO search_changes (doc_id, version) SELECT changed.doc_id, bump.version FROM changed, bump
      ON CONFLICT (doc_id) DO UPDATE SET version = excluded.version`;

const postgresUpdatedRows = (fields: string[]) => {
  const distinct = `(${fields.map((f) => `n.${f}`).join(', ')}) IS DISTINCT FROM (${fields.map((f) => `o.${f}`).join(', ')})`;
  return `SELECT n.doc_id FROM new_rows n JOIN old_rows o ON o.doc_id = n.doc_id WHERE ${distinct}`;
};

const postgresLogFunction = (fn: string, rows: string) =>
  `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${postgresLogRows(rows)}; RETURN NULL; END $$`;

async function createPostgresChangeTriggers(db: Kysely<any>) {
  const triggers = [
    { name: 'insert', tables: 'NEW TABLE AS new_rows', rows: 'SELECT doc_id FROM new_rows' },
    { name: 'update', tables: 'OLD TABLE AS old_rows NEW TABLE AS new_rows', rows: postgresUpdatedRows(SEARCHED_FIELDS) },
    { name: 'delete', tables: 'OLD TABLE AS old_rows', rows: 'SELECT doc_id FROM old_rows' },
  ];
  for (const { name, tables, rows } of triggers) {
    const fn = `papers_search_log_${name}`;
    await sql.raw(postgresLogFunction(fn, rows)).execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${fn} AFTER ${name.toUpperCase()} ON papers REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      )
      .execute(db);
  }
}

/**
 * Migration 0024: hiding or unhiding a paper is logged as a search change, so the keyword
 * index drops a hidden paper (and takes it back) on the next search, and no page or count of
 * results holds it. The papers hidden before are logged now, for indexes already running.
 */
export async function logHiddenPaperChanges(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`DROP TRIGGER papers_search_log_update`.execute(db);
    await createSqliteUpdateTrigger(db, INDEXED_FIELDS);
  } else {
    await sql.raw(postgresLogFunction('papers_search_log_update', postgresUpdatedRows(INDEXED_FIELDS))).execute(db);
  }
  await sql`UPDATE search_state SET version = version + 1 WHERE id = 1`.execute(db);
  await sql`INSERT INTO search_changes (doc_id, version)
    SELECT doc_id, (SELECT version FROM search_state WHERE id = 1) FROM papers WHERE hidden_at IS NOT NULL
    ON CONFLICT (doc_id) DO UPDATE SET version = excluded.version`.execute(db);
}

/**
 * Embedding vectors, one per paper and model: little-endian float32 in a blob (bytea).
 * Scanned in process (exact cosine), so no vector extension is needed on either store.
 */
export async function createPaperVectors(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('paper_vectors')
    .addColumn('doc_id', dialect === 'sqlite' ? 'integer' : 'bigint', (c) =>
      c.notNull().references('papers.doc_id').onDelete('cascade'),
    )
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('dimensions', 'integer', (c) => c.notNull())
    .addColumn('vector', dialect === 'sqlite' ? 'blob' : 'bytea', (c) => c.notNull())
    // Of the title and abstract that were embedded: a new version of the text needs a new vector.
    .addColumn('text_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('paper_vectors_pk', ['model', 'doc_id'])
    .execute();
}
