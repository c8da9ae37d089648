import type { Selectable } from 'kysely';
import { chunks } from '../core/chunks.ts';
import type { Store } from '../db/connect.ts';
import type { PapersTable } from '../db/schema.ts';
import type { Paper, SearchDocument } from '../core/paper.ts';
import { paperFromRow } from './papers.ts';

/*
 * The SQL of the search capability: reading papers into the keyword index, following the
 * change log that triggers keep (src/db/search-index.ts), fetching result rows, and the
 * embedding vectors. Plain queries, the same on both dialects.
 */

const SEARCH_DOC_COLUMNS = ['doc_id', 'title', 'abstract', 'authors', 'categories', 'published_at', 'github_repo'] as const;

/** The change counter: any change to what search sees raises it. */
export async function readSearchVersion(store: Store): Promise<number> {
  const row = await store.db.selectFrom('search_state').select('version').where('id', '=', 1).executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** Papers in doc_id order after the given one: pages of the whole corpus for a full index build. */
/** The next papers to index after `afterDocId`: every paper a search may show, none hidden by a moderator. */
export async function listSearchDocs(store: Store, afterDocId: number, limit: number): Promise<SearchDocument[]> {
  const rows = await store.db
    .selectFrom('papers')
    .select(SEARCH_DOC_COLUMNS)
    .where('doc_id', '>', afterDocId)
    .where('hidden_at', 'is', null)
    .orderBy('doc_id')
    .limit(limit)
    .execute();
  return rows.map(searchDocFromRow);
}

/**
 * The `limit` most recently published visible papers, in doc_id order: the first index while the
 * whole archive is indexed (read newest first through papers_published_at; undated papers are not "newest").
 */
export async function listNewestSearchDocs(store: Store, limit: number): Promise<SearchDocument[]> {
  const rows = await store.db
    .selectFrom('papers')
    .select(SEARCH_DOC_COLUMNS)
    .where('hidden_at', 'is', null)
    .where('published_at', 'is not', null)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(searchDocFromRow).sort((a, b) => a.docId - b.docId);
}

/** The given papers as the index reads them; hidden and deleted ones are left out (the index drops them). */
export async function getSearchDocs(store: Store, docIds: number[]): Promise<SearchDocument[]> {
  const docs: SearchDocument[] = [];
  for (const chunk of chunks(docIds, 500)) {
    const rows = await store.db
      .selectFrom('papers')
      .select(SEARCH_DOC_COLUMNS)
      .where('doc_id', 'in', chunk)
      .where('hidden_at', 'is', null)
      .execute();
    docs.push(...rows.map(searchDocFromRow));
  }
  return docs;
}

function searchDocFromRow(row: Pick<Selectable<PapersTable>, (typeof SEARCH_DOC_COLUMNS)[number]>): SearchDocument {
  return {
    docId: Number(row.doc_id),
    title: row.title,
    abstract: row.abstract,
    authors: JSON.parse(row.authors) as string[],
    categories: JSON.parse(row.categories) as string[],
    publishedAt: row.published_at,
    hasCode: Boolean(row.github_repo),
  };
}

/** Papers inserted, changed or deleted after the given version, with the latest version seen. */
export async function changedDocsSince(store: Store, version: number): Promise<{ docIds: number[]; version: number }> {
  const rows = await store.db.selectFrom('search_changes').select(['doc_id', 'version']).where('version', '>', version).execute();
  let latest = version;
  for (const row of rows) latest = Math.max(latest, Number(row.version));
  return { docIds: rows.map((r) => Number(r.doc_id)), version: latest };
}

/** The given papers that are not hidden by a moderator, keyed by doc_id. */
export async function visiblePapersByDocId(store: Store, docIds: number[]): Promise<Map<number, Paper>> {
  const byDocId = new Map<number, Paper>();
  for (const chunk of chunks(docIds, 500)) {
    const rows = await store.db
      .selectFrom('papers')
      .selectAll()
      .where('doc_id', 'in', chunk)
      .where('hidden_at', 'is', null)
      .execute();
    for (const row of rows) byDocId.set(Number(row.doc_id), paperFromRow(row));
  }
  return byDocId;
}

export async function visiblePaperById(store: Store, id: string): Promise<Paper | null> {
  const row = await store.db
    .selectFrom('papers')
    .selectAll()
    .where('id', '=', id)
    .where('hidden_at', 'is', null)
    .executeTakeFirst();
  return row ? paperFromRow(row) : null;
}

/** A paper's index key and text, hidden or not (similar papers of a hidden paper are still asked for). */
export async function paperRowWithDocId(
  store: Store,
  id: string,
): Promise<{ docId: number; title: string; abstract: string | null } | null> {
  const row = await store.db.selectFrom('papers').select(['doc_id', 'title', 'abstract']).where('id', '=', id).executeTakeFirst();
  return row ? { docId: Number(row.doc_id), title: row.title, abstract: row.abstract } : null;
}

// ---- embedding vectors ----

export interface VectorRow {
  docId: number;
  vector: Float32Array;
}

/** Stores (or replaces) vectors of one model. */
export async function savePaperVectors(
  store: Store,
  model: string,
  rows: { docId: number; vector: Float32Array; textHash: string }[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const createdAt = now.toISOString();
  await store.db
    .insertInto('paper_vectors')
    .values(
      rows.map((r) => ({
        doc_id: r.docId,
        model,
        dimensions: r.vector.length,
        vector: Buffer.from(r.vector.buffer, r.vector.byteOffset, r.vector.byteLength),
        text_hash: r.textHash,
        created_at: createdAt,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['model', 'doc_id']).doUpdateSet((eb) => ({
        dimensions: eb.ref('excluded.dimensions'),
        vector: eb.ref('excluded.vector'),
        text_hash: eb.ref('excluded.text_hash'),
        created_at: eb.ref('excluded.created_at'),
      })),
    )
    .execute();
}

/** A page of one model's vectors of the given size, in doc_id order. */
export async function listPaperVectors(
  store: Store,
  model: string,
  dimensions: number,
  afterDocId: number,
  limit: number,
): Promise<VectorRow[]> {
  const rows = await store.db
    .selectFrom('paper_vectors')
    .select(['doc_id', 'vector'])
    .where('model', '=', model)
    .where('dimensions', '=', dimensions)
    .where('doc_id', '>', afterDocId)
    .orderBy('doc_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ docId: Number(r.doc_id), vector: floatsFromBytes(r.vector) }));
}

export async function getPaperVector(store: Store, model: string, docId: number): Promise<Float32Array | null> {
  const row = await store.db
    .selectFrom('paper_vectors')
    .select('vector')
    .where('model', '=', model)
    .where('doc_id', '=', docId)
    .executeTakeFirst();
  return row ? floatsFromBytes(row.vector) : null;
}

/** How many vectors a model has and when the newest was written: enough to notice new ones. */
export async function vectorStamp(store: Store, model: string): Promise<string> {
  const row = await store.db
    .selectFrom('paper_vectors')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('latest')])
    .where('model', '=', model)
    .executeTakeFirstOrThrow();
  return `${Number(row.n)}:${row.latest ?? ''}`;
}

export interface TextToEmbed {
  docId: number;
  title: string;
  abstract: string | null;
  /** The hash stored with the paper's current vector, if it has one. */
  storedHash: string | null;
}

/** A page of papers with the hash of their stored vector (null when they have none). */
export async function listTextsForVectors(
  store: Store,
  model: string,
  afterDocId: number,
  limit: number,
): Promise<TextToEmbed[]> {
  const rows = await store.db
    .selectFrom('papers')
    .leftJoin('paper_vectors', (join) =>
      join.onRef('paper_vectors.doc_id', '=', 'papers.doc_id').on('paper_vectors.model', '=', model),
    )
    .select(['papers.doc_id', 'papers.title', 'papers.abstract', 'paper_vectors.text_hash'])
    .where('papers.doc_id', '>', afterDocId)
    .orderBy('papers.doc_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ docId: Number(r.doc_id), title: r.title, abstract: r.abstract, storedHash: r.text_hash ?? null }));
}

function floatsFromBytes(bytes: Uint8Array): Float32Array {
  // Copy into an aligned buffer: a driver's Buffer may start at any byte offset.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer, 0, Math.floor(bytes.byteLength / 4));
}
