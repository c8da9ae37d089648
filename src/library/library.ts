/**
 * The rules of a member's library: what may be saved, noted, marked read and sorted into
 * collections, and who may see a collection. Others' and unknown collections answer alike
 * (not found), so ids reveal nothing. Every write is one transaction.
 */
import { chunks } from '../core/chunks.ts';
import { parseArxivId } from '../core/arxiv-id.ts';
import { Refusal } from '../core/refusal.ts';
import type { Store } from '../db/connect.ts';
import {
  type Collection,
  collectionById,
  collectionsOf,
  deleteCollection,
  deleteLibraryItem,
  insertCollection,
  insertLibraryItems,
  type LibraryEntry,
  libraryEntries,
  replaceItemCollections,
  updateCollection,
  updateLibraryItem,
  visiblePaperIds,
} from '../store/library.ts';

export const MAX_NOTE_LENGTH = 10_000;
export const MAX_COLLECTION_NAME = 100;
export const MAX_COLLECTION_DESCRIPTION = 1_000;
/** Ids per statement: below SQLite's and PostgreSQL's parameter limits. */
const BATCH = 500;

type Member = { id: number };

/** The paper a path or body names, canonical when it is an arXiv id in another form (a URL, `arXiv:`, a version). */
export const paperIdOf = (input: string) => parseArxivId(input)?.id ?? input.trim();

/** Saves one paper; refuses a paper the hub does not have (or hides). */
export async function savePaper(store: Store, member: Member, input: string, now: Date): Promise<LibraryEntry> {
  const paperId = paperIdOf(input);
  if (!(await visiblePaperIds(store, [paperId])).has(paperId)) throw new Refusal('not-found', `Paper ${input} not found`);
  await insertLibraryItems(store.db, member.id, [paperId], now);
  return entryOf(store, member, paperId);
}

/** Saves the papers the hub has; returns how many were new. Ids must be canonical. */
export async function savePapers(store: Store, member: Member, paperIds: readonly string[], now: Date): Promise<number> {
  let saved = 0;
  for (const batch of chunks([...new Set(paperIds)], BATCH))
    saved += (await insertLibraryItems(store.db, member.id, batch, now)).length;
  return saved;
}

export async function unsavePaper(store: Store, member: Member, input: string): Promise<void> {
  if (!(await deleteLibraryItem(store, member.id, paperIdOf(input))))
    throw new Refusal('not-found', `Paper ${input} is not in your library`);
}

export interface EntryChange {
  note?: string | null;
  read?: boolean;
  collectionIds?: number[];
}

/** Changes a saved paper's note, read mark and collections; the paper must be in the library. */
export async function changeEntry(
  store: Store,
  member: Member,
  input: string,
  change: EntryChange,
  now: Date,
): Promise<LibraryEntry> {
  const paperId = paperIdOf(input);
  const note = change.note === undefined ? undefined : change.note === null || change.note.trim() === '' ? null : change.note;
  if (note && note.length > MAX_NOTE_LENGTH) throw new Refusal('invalid', `a note has at most ${MAX_NOTE_LENGTH} characters`);
  await store.db.transaction().execute(async (trx) => {
    const found = await updateLibraryItem(trx, member.id, paperId, {
      note,
      readAt: change.read === undefined ? undefined : change.read ? now.toISOString() : null,
    });
    if (!found) throw new Refusal('not-found', `Paper ${input} is not in your library`);
    if (change.collectionIds !== undefined) {
      const ids = [...new Set(change.collectionIds)];
      for (const id of ids) {
        if ((await collectionById(trx, id))?.userId !== member.id) throw new Refusal('not-found', `You have no collection ${id}`);
      }
      await replaceItemCollections(trx, member.id, paperId, ids, now);
    }
  });
  return entryOf(store, member, paperId);
}

async function entryOf(store: Store, member: Member, paperId: string): Promise<LibraryEntry> {
  const [entry] = await libraryEntries(store, member.id, { paperIds: [paperId] });
  if (!entry) throw new Refusal('not-found', `Paper ${paperId} is not in your library`);
  return entry;
}

export interface CollectionFields {
  name?: string;
  description?: string;
  public?: boolean;
}

function checkedFields(fields: CollectionFields): CollectionFields {
  const name = fields.name?.replace(/\s+/g, ' ').trim();
  if (name !== undefined && (name.length === 0 || name.length > MAX_COLLECTION_NAME))
    throw new Refusal('invalid', `a collection's name has 1 to ${MAX_COLLECTION_NAME} characters`);
  const description = fields.description?.trim();
  if (description !== undefined && description.length > MAX_COLLECTION_DESCRIPTION)
    throw new Refusal('invalid', `a collection's description has at most ${MAX_COLLECTION_DESCRIPTION} characters`);
  return { name, description, public: fields.public };
}

export async function createCollection(store: Store, member: Member, fields: CollectionFields, now: Date): Promise<Collection> {
  const { name, description, public: isPublic } = checkedFields(fields);
  if (name === undefined) throw new Refusal('invalid', 'a collection needs a name');
  const id = await insertCollection(
    store.db,
    member.id,
    { name, description: description ?? '', public: isPublic ?? false },
    now,
  );
  if (id === null) throw new Refusal('invalid', `you already have a collection named "${name}"`);
  return (await collectionById(store.db, id))!;
}

/** The member's own collection, or not-found (for another's too). */
export async function ownCollection(store: Store, member: Member, id: number): Promise<Collection> {
  const collection = await collectionById(store.db, id);
  if (!collection || collection.userId !== member.id) throw new Refusal('not-found', `You have no collection ${id}`);
  return collection;
}

export async function editCollection(
  store: Store,
  member: Member,
  id: number,
  fields: CollectionFields,
  now: Date,
): Promise<Collection> {
  const change = checkedFields(fields);
  await ownCollection(store, member, id);
  if (change.name !== undefined) {
    const clash = (await collectionsOf(store, member.id)).find((c) => c.name === change.name && c.id !== id);
    if (clash) throw new Refusal('invalid', `you already have a collection named "${change.name}"`);
  }
  await updateCollection(store.db, id, change, now);
  return (await collectionById(store.db, id))!;
}

export async function removeCollection(store: Store, member: Member, id: number): Promise<void> {
  await ownCollection(store, member, id);
  await deleteCollection(store, id);
}

/** A collection anyone may read: public, or the viewer's own; otherwise not found. */
export async function readableCollection(store: Store, viewer: Member | null, id: number): Promise<Collection> {
  const collection = await collectionById(store.db, id);
  if (!collection || (!collection.public && collection.userId !== viewer?.id))
    throw new Refusal('not-found', `No public collection ${id}`);
  return collection;
}
