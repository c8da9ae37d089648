/**
 * "Your data is yours": one JSON document with everything a member has on the hub, and the
 * reading of such a document on another hub. Restoring the library (notes, read marks,
 * collections) is this capability's; the CLI restores votes through the community's rules.
 */
import { Refusal } from '../core/refusal.ts';
import type { Store } from '../db/connect.ts';
import type { User } from '../store/accounts.ts';
import {
  collectionsOf,
  insertCollection,
  insertCollectionItems,
  insertLibraryRows,
  libraryEntries,
  visiblePaperIds,
} from '../store/library.ts';
import {
  memberComments,
  memberSince,
  memberSubscriptions,
  memberVotes,
  type MemberComment,
  type MemberSubscription,
} from '../store/member-data.ts';
import { webhooksOf } from '../store/webhooks.ts';
import { chunks } from '../core/chunks.ts';
import { FEEDBACK_KINDS, type FeedbackKind, feedbackEntries, upsertFeedback } from '../store/feedback.ts';
import { type Follow, followList, insertFollows } from '../store/follows.ts';
import { followTarget } from './taste.ts';

export const MEMBER_EXPORT_FORMAT = 'dailypapers-member-export';
export const MEMBER_EXPORT_VERSION = 1;

export interface MemberExport {
  format: typeof MEMBER_EXPORT_FORMAT;
  version: typeof MEMBER_EXPORT_VERSION;
  exportedAt: string;
  /** The hub it came from. */
  hub: string;
  account: { email: string; handle: string; displayName: string; role: string; createdAt: string };
  library: { paperId: string; title: string; savedAt: string; note: string | null; readAt: string | null }[];
  collections: { name: string; description: string; public: boolean; createdAt: string; paperIds: string[] }[];
  votes: { paperId: string; createdAt: string }[];
  comments: MemberComment[];
  subscriptions: MemberSubscription[];
  /** "More like this" and "not interested" (absent from exports made before they existed). */
  feedback?: { paperId: string; kind: FeedbackKind; createdAt: string }[];
  /** Followed authors and categories (absent from exports made before they existed). */
  follows?: Follow[];
  /** Saved filters: written and restored by the filters capability (src/filters/filter-export.ts). */
  filters?: unknown[];
  /**
   * Without their signing secrets (a secret is a credential, and a hub that restores a webhook
   * gives it a new one); absent from exports made before webhooks existed.
   */
  webhooks?: { filterId: number; format: string; frequency: string; url: string; active: boolean; createdAt: string }[];
}

/** An export as this hub writes it: with every part (the filters capability adds its own). */
export type FullMemberExport = Required<Omit<MemberExport, 'filters'>>;

export async function exportMember(store: Store, member: User, hub: string, now: Date): Promise<FullMemberExport> {
  const entries = await libraryEntries(store, member.id);
  const collections = await collectionsOf(store, member.id);
  return {
    format: MEMBER_EXPORT_FORMAT,
    version: MEMBER_EXPORT_VERSION,
    exportedAt: now.toISOString(),
    hub,
    account: {
      email: member.email,
      handle: member.handle,
      displayName: member.displayName,
      role: member.role,
      createdAt: await memberSince(store, member.id),
    },
    library: entries.map((e) => ({
      paperId: e.paper.id,
      title: e.paper.title,
      savedAt: e.savedAt,
      note: e.note,
      readAt: e.readAt,
    })),
    collections: collections.map((c) => ({
      name: c.name,
      description: c.description,
      public: c.public,
      createdAt: c.createdAt,
      paperIds: entries.filter((e) => e.collectionIds.includes(c.id)).map((e) => e.paper.id),
    })),
    votes: await memberVotes(store, member.id),
    comments: await memberComments(store, member.id),
    subscriptions: await memberSubscriptions(store, member.id, member.email),
    feedback: (await feedbackEntries(store, member.id)).map((f) => ({
      paperId: f.paperId,
      kind: f.kind,
      createdAt: f.createdAt,
    })),
    follows: await followList(store, member.id),
    webhooks: (await webhooksOf(store, member.id)).map((w) => ({
      filterId: w.filterId,
      format: w.format,
      frequency: w.frequency,
      url: w.url,
      active: w.disabledAt === null,
      createdAt: w.createdAt,
    })),
  };
}

/** Reads a document `exportMember` wrote; refuses anything else in words. */
export function readMemberExport(text: string): MemberExport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Refusal('invalid', `not JSON: ${(error as Error).message}`);
  }
  const d = doc as Partial<MemberExport> | null;
  if (!d || typeof d !== 'object' || d.format !== MEMBER_EXPORT_FORMAT)
    throw new Refusal('invalid', `not a Daily Papers member export (expected "format": "${MEMBER_EXPORT_FORMAT}")`);
  if (d.version !== MEMBER_EXPORT_VERSION)
    throw new Refusal(
      'invalid',
      `member export version ${String(d.version)} is not one this hub reads (${MEMBER_EXPORT_VERSION})`,
    );
  if (
    !d.account ||
    typeof d.account.email !== 'string' ||
    !Array.isArray(d.library) ||
    !Array.isArray(d.collections) ||
    !Array.isArray(d.votes)
  )
    throw new Refusal('invalid', 'the member export lacks account, library, collections or votes');
  return d as MemberExport;
}

export interface LibraryRestore {
  saved: number;
  collections: number;
  /** Papers the export names that this hub does not have: skipped. */
  missingPapers: string[];
  /** Collections that already existed by name: their papers were added to them. */
  mergedCollections: string[];
}

/** Restores the library, notes, read marks and collections; papers this hub lacks are skipped and listed. */
export async function restoreLibrary(
  store: Store,
  member: { id: number },
  doc: MemberExport,
  now: Date,
): Promise<LibraryRestore> {
  const named = new Set([
    ...doc.library.map((e) => e.paperId),
    ...doc.collections.flatMap((c) => c.paperIds),
    ...doc.votes.map((v) => v.paperId),
    ...(doc.feedback ?? []).map((f) => f.paperId),
  ]);
  const present = new Set<string>();
  for (const batch of chunks([...named], 500)) for (const id of await visiblePaperIds(store, batch)) present.add(id);
  const rows = doc.library.filter((e) => present.has(e.paperId));
  const before = (await libraryEntries(store, member.id)).length;
  for (const batch of chunks(rows, 200))
    await insertLibraryRows(
      store.db,
      batch.map((e) => ({ userId: member.id, paperId: e.paperId, note: e.note, readAt: e.readAt, savedAt: e.savedAt })),
    );
  const mergedCollections: string[] = [];
  for (const collection of doc.collections) {
    let id = await insertCollection(
      store.db,
      member.id,
      { name: collection.name, description: collection.description ?? '', public: collection.public === true },
      now,
    );
    if (id === null) {
      mergedCollections.push(collection.name);
      id = (await collectionsOf(store, member.id)).find((c) => c.name === collection.name)!.id;
    }
    await insertCollectionItems(
      store.db,
      member.id,
      id,
      collection.paperIds.filter((p) => present.has(p)),
      now,
    );
  }
  return {
    saved: (await libraryEntries(store, member.id)).length - before,
    collections: doc.collections.length - mergedCollections.length,
    missingPapers: [...named].filter((id) => !present.has(id)).sort(),
    mergedCollections,
  };
}

export interface TasteRestore {
  feedback: number;
  follows: number;
  /** Entries that were not feedback or follows this hub can take (an unknown kind, not a category): skipped. */
  skipped: number;
}

/**
 * Restores marks and follows: marks on papers this hub has (a mark already given here is
 * replaced by the export's), follows not yet made. The paper ids of marks are in
 * `restoreLibrary`'s missing list.
 */
export async function restoreTaste(store: Store, member: { id: number }, doc: MemberExport): Promise<TasteRestore> {
  const feedback = doc.feedback ?? [];
  const known = feedback.filter((f) => FEEDBACK_KINDS.includes(f.kind) && typeof f.createdAt === 'string');
  const present = new Set<string>();
  for (const batch of chunks([...new Set(known.map((f) => f.paperId))], 500))
    for (const id of await visiblePaperIds(store, batch)) present.add(id);
  const marks = known.filter((f) => present.has(f.paperId));
  for (const batch of chunks(marks, 200))
    await upsertFeedback(
      store.db,
      batch.map((f) => ({ userId: member.id, paperId: f.paperId, kind: f.kind, createdAt: f.createdAt })),
    );
  const follows = (doc.follows ?? []).flatMap((f) => {
    try {
      return [{ userId: member.id, ...followTarget(f.kind, f.value), createdAt: f.createdAt }];
    } catch {
      return [];
    }
  });
  let added = 0;
  for (const batch of chunks(follows, 200)) added += await insertFollows(store.db, batch);
  return {
    feedback: marks.length,
    follows: added,
    skipped: feedback.length - known.length + (doc.follows ?? []).length - follows.length,
  };
}
