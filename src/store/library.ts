/** A member's library and collections: plain SQL, no rules (those live in src/library). */
import type { Kysely } from 'kysely';
import type { Paper } from '../core/paper.ts';
import type { Store } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { paperFromRow } from './papers.ts';

export interface LibraryEntry {
  paper: Paper;
  note: string | null;
  readAt: string | null;
  savedAt: string;
  /** Ids of the member's collections that hold the paper. */
  collectionIds: number[];
}

export interface Collection {
  id: number;
  userId: number;
  name: string;
  description: string;
  public: boolean;
  paperCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface LibraryFilter {
  collectionId?: number;
  /** true: read papers only; false: unread only. */
  read?: boolean;
  /** Only these papers. */
  paperIds?: readonly string[];
}

/** Saves papers that exist and are not saved yet; returns the ids it saved now. */
export async function insertLibraryItems(
  db: Kysely<Database>,
  userId: number,
  paperIds: readonly string[],
  now: Date,
): Promise<string[]> {
  if (paperIds.length === 0) return [];
  const rows = await db
    .insertInto('library_items')
    .columns(['user_id', 'paper_id', 'saved_at'])
    .expression((eb) =>
      eb
        .selectFrom('papers')
        .select([eb.val(userId).as('user_id'), 'papers.id', eb.val(now.toISOString()).as('saved_at')])
        .where('papers.id', 'in', paperIds),
    )
    .onConflict((oc) => oc.columns(['user_id', 'paper_id']).doNothing())
    .returning('paper_id')
    .execute();
  return rows.map((row) => row.paper_id);
}

/** Restores saved papers as an export had them (note, read mark, saved time); existing rows are kept. */
export async function insertLibraryRows(
  db: Kysely<Database>,
  rows: readonly { userId: number; paperId: string; note: string | null; readAt: string | null; savedAt: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('library_items')
    .values(rows.map((r) => ({ user_id: r.userId, paper_id: r.paperId, note: r.note, read_at: r.readAt, saved_at: r.savedAt })))
    .onConflict((oc) => oc.columns(['user_id', 'paper_id']).doNothing())
    .execute();
}

export async function deleteLibraryItem(store: Store, userId: number, paperId: string): Promise<boolean> {
  const result = await store.db
    .deleteFrom('library_items')
    .where('user_id', '=', userId)
    .where('paper_id', '=', paperId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function updateLibraryItem(
  db: Kysely<Database>,
  userId: number,
  paperId: string,
  change: { note?: string | null; readAt?: string | null },
): Promise<boolean> {
  if (change.note === undefined && change.readAt === undefined) {
    const row = await db
      .selectFrom('library_items')
      .select('paper_id')
      .where('user_id', '=', userId)
      .where('paper_id', '=', paperId)
      .executeTakeFirst();
    return row !== undefined;
  }
  const result = await db
    .updateTable('library_items')
    .set({
      ...(change.note !== undefined ? { note: change.note } : {}),
      ...(change.readAt !== undefined ? { read_at: change.readAt } : {}),
    })
    .where('user_id', '=', userId)
    .where('paper_id', '=', paperId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Puts a saved paper in exactly these collections of its owner. */
export async function replaceItemCollections(
  db: Kysely<Database>,
  userId: number,
  paperId: string,
  collectionIds: readonly number[],
  now: Date,
): Promise<void> {
  await db
    .deleteFrom('collection_items')
    .where('user_id', '=', userId)
    .where('paper_id', '=', paperId)
    .$if(collectionIds.length > 0, (q) => q.where('collection_id', 'not in', collectionIds))
    .execute();
  if (collectionIds.length === 0) return;
  await db
    .insertInto('collection_items')
    .values(collectionIds.map((id) => ({ collection_id: id, user_id: userId, paper_id: paperId, added_at: now.toISOString() })))
    .onConflict((oc) => oc.columns(['collection_id', 'paper_id']).doNothing())
    .execute();
}

/** Adds saved papers to one collection (papers not in the library are left out). */
export async function insertCollectionItems(
  db: Kysely<Database>,
  userId: number,
  collectionId: number,
  paperIds: readonly string[],
  now: Date,
): Promise<void> {
  if (paperIds.length === 0) return;
  await db
    .insertInto('collection_items')
    .columns(['collection_id', 'user_id', 'paper_id', 'added_at'])
    .expression((eb) =>
      eb
        .selectFrom('library_items')
        .select([eb.val(collectionId).as('collection_id'), 'user_id', 'paper_id', eb.val(now.toISOString()).as('added_at')])
        .where('user_id', '=', userId)
        .where('paper_id', 'in', paperIds),
    )
    .onConflict((oc) => oc.columns(['collection_id', 'paper_id']).doNothing())
    .execute();
}

/** The member's saved papers, newest saved first. */
export async function libraryEntries(store: Store, userId: number, filter: LibraryFilter = {}): Promise<LibraryEntry[]> {
  const rows = await store.db
    .selectFrom('library_items as l')
    .innerJoin('papers as p', 'p.id', 'l.paper_id')
    .selectAll('p')
    .select(['l.note', 'l.read_at', 'l.saved_at'])
    .where('l.user_id', '=', userId)
    .$if(filter.read !== undefined, (q) => q.where('l.read_at', filter.read ? 'is not' : 'is', null))
    .$if(filter.paperIds !== undefined, (q) => q.where('l.paper_id', 'in', filter.paperIds!.length ? filter.paperIds! : ['']))
    .$if(filter.collectionId !== undefined, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('collection_items as ci')
            .select('ci.paper_id')
            .whereRef('ci.paper_id', '=', 'l.paper_id')
            .where('ci.collection_id', '=', filter.collectionId!),
        ),
      ),
    )
    .orderBy('l.saved_at', 'desc')
    .orderBy('l.paper_id')
    .execute();
  const memberships = await store.db
    .selectFrom('collection_items')
    .select(['paper_id', 'collection_id'])
    .where('user_id', '=', userId)
    .orderBy('collection_id')
    .execute();
  const byPaper = new Map<string, number[]>();
  for (const m of memberships) byPaper.set(m.paper_id, [...(byPaper.get(m.paper_id) ?? []), Number(m.collection_id)]);
  return rows.map((row) => ({
    paper: paperFromRow(row),
    note: row.note,
    readAt: row.read_at,
    savedAt: row.saved_at,
    collectionIds: byPaper.get(row.id) ?? [],
  }));
}

/** Of `paperIds`, those the member has saved: one query for a list of cards. */
export async function savedAmong(store: Store, userId: number, paperIds: readonly string[]): Promise<Set<string>> {
  if (paperIds.length === 0) return new Set();
  const rows = await store.db
    .selectFrom('library_items')
    .select('paper_id')
    .where('user_id', '=', userId)
    .where('paper_id', 'in', paperIds)
    .execute();
  return new Set(rows.map((row) => row.paper_id));
}

const collectionColumns = (db: Kysely<Database>) =>
  db
    .selectFrom('collections as c')
    .selectAll('c')
    .select((eb) =>
      eb
        .selectFrom('collection_items as ci')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('ci.collection_id', '=', 'c.id')
        .as('paper_count'),
    );

type CollectionRow = Awaited<ReturnType<ReturnType<typeof collectionColumns>['executeTakeFirstOrThrow']>>;

function collectionFromRow(row: CollectionRow): Collection {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    name: row.name,
    description: row.description,
    public: Number(row.public) === 1,
    paperCount: Number(row.paper_count ?? 0),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function collectionsOf(store: Store, userId: number): Promise<Collection[]> {
  const rows = await collectionColumns(store.db).where('c.user_id', '=', userId).orderBy('c.name').orderBy('c.id').execute();
  return rows.map(collectionFromRow);
}

export async function collectionById(db: Kysely<Database>, id: number): Promise<Collection | null> {
  const row = await collectionColumns(db).where('c.id', '=', id).executeTakeFirst();
  return row ? collectionFromRow(row) : null;
}

/** Creates a collection, or returns null when the member already has one of that name. */
export async function insertCollection(
  db: Kysely<Database>,
  userId: number,
  fields: { name: string; description: string; public: boolean },
  now: Date,
): Promise<number | null> {
  const row = await db
    .insertInto('collections')
    .values({
      user_id: userId,
      name: fields.name,
      description: fields.description,
      public: fields.public ? 1 : 0,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['user_id', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

export async function updateCollection(
  db: Kysely<Database>,
  id: number,
  change: { name?: string; description?: string; public?: boolean },
  now: Date,
): Promise<void> {
  await db
    .updateTable('collections')
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.public !== undefined ? { public: change.public ? 1 : 0 } : {}),
      updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteCollection(store: Store, id: number): Promise<void> {
  await store.db.deleteFrom('collections').where('id', '=', id).execute();
}

/** A collection's papers as anyone may see them: hidden papers left out, newest added first. */
export async function collectionPapers(store: Store, collectionId: number): Promise<Paper[]> {
  const rows = await store.db
    .selectFrom('collection_items as ci')
    .innerJoin('papers as p', 'p.id', 'ci.paper_id')
    .selectAll('p')
    .where('ci.collection_id', '=', collectionId)
    .where('p.hidden_at', 'is', null)
    .orderBy('ci.added_at', 'desc')
    .orderBy('p.id')
    .execute();
  return rows.map(paperFromRow);
}

/** Papers by id (those that exist), in no particular order. */
export async function papersByIds(store: Store, ids: readonly string[]): Promise<Paper[]> {
  if (ids.length === 0) return [];
  const rows = await store.db.selectFrom('papers').selectAll().where('id', 'in', ids).execute();
  return rows.map(paperFromRow);
}

/** Papers whose title, lower-cased, is one of `lowerTitles` (which the caller lower-cased). */
export async function papersTitled(store: Store, lowerTitles: readonly string[]): Promise<{ id: string; title: string }[]> {
  if (lowerTitles.length === 0) return [];
  return store.db
    .selectFrom('papers')
    .select(['id', 'title'])
    .where((eb) => eb(eb.fn('lower', ['title']), 'in', lowerTitles))
    .where('hidden_at', 'is', null)
    .execute();
}

/** Of `ids`, those stored and not hidden. */
export async function visiblePaperIds(store: Store, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await store.db.selectFrom('papers').select('id').where('id', 'in', ids).where('hidden_at', 'is', null).execute();
  return new Set(rows.map((row) => row.id));
}
