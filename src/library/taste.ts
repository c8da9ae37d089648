/**
 * What a member teaches the hub about their taste, and the rules for it: "more like this" and
 * "not interested" on papers the hub shows, authors and arXiv categories to follow (at most
 * MAX_FOLLOWS), everything learned read back whole, and a reset that forgets it (the library and
 * upvotes stay: they are the member's own records, not only signals).
 */
import { isArxivCategory } from '../core/categories.ts';
import { Refusal } from '../core/refusal.ts';
import type { Store } from '../db/connect.ts';
import { lockMember } from '../store/accounts.ts';
import {
  deleteAllFeedback,
  deleteFeedback,
  type FeedbackEntry,
  type FeedbackKind,
  feedbackEntries,
  savedAndUpvotedCounts,
  upsertFeedback,
} from '../store/feedback.ts';
import {
  countFollows,
  deleteAllFollows,
  deleteFollow,
  type Follow,
  type FollowKind,
  followList,
  followOf,
  insertFollows,
} from '../store/follows.ts';
import { visiblePaperIds } from '../store/library.ts';
import { paperIdOf } from './library.ts';

export const MAX_FOLLOWS = 1000;
export const MAX_AUTHOR_NAME = 200;

type Member = { id: number };

/** Records "more like this" or "not interested" on a paper the hub shows. */
export async function giveFeedback(
  store: Store,
  member: Member,
  input: string,
  kind: FeedbackKind,
  now: Date,
): Promise<FeedbackEntry> {
  const paperId = paperIdOf(input);
  if (!(await visiblePaperIds(store, [paperId])).has(paperId)) throw new Refusal('not-found', `Paper ${input} not found`);
  await upsertFeedback(store.db, [{ userId: member.id, paperId, kind, createdAt: now.toISOString() }]);
  const [entry] = await feedbackEntries(store, member.id, paperId);
  return entry!;
}

export async function withdrawFeedback(store: Store, member: Member, input: string): Promise<void> {
  if (!(await deleteFeedback(store, member.id, paperIdOf(input))))
    throw new Refusal('not-found', `You gave no feedback on paper ${input}`);
}

/** A follow as the member asked for it: an author's name or a category, checked and normalised. */
export interface FollowTarget {
  kind: FollowKind;
  /** The name as shown (spaces collapsed) or the category. */
  value: string;
  /** What makes two spellings one follow. */
  key: string;
}

export function followTarget(kind: FollowKind, input: string): FollowTarget {
  const value = input.replace(/\s+/g, ' ').trim();
  if (kind === 'author') {
    if (value === '') throw new Refusal('invalid', 'an author’s name cannot be empty');
    if (value.length > MAX_AUTHOR_NAME)
      throw new Refusal('invalid', `an author’s name has at most ${MAX_AUTHOR_NAME} characters`);
    return { kind, value, key: value.toLowerCase() };
  }
  if (!isArxivCategory(value))
    throw new Refusal('invalid', `“${value}” is not an arXiv category or archive (like cs.CL, cs or hep-th)`);
  return { kind, value, key: value };
}

/** Follows an author or a category; following again changes nothing. */
export async function follow(store: Store, member: Member, target: FollowTarget, now: Date): Promise<Follow> {
  return store.db.transaction().execute(async (trx) => {
    await lockMember(store, trx, member.id);
    const known = await followOf(trx, member.id, target.kind, target.key);
    if (known) return known;
    if ((await countFollows(trx, member.id)) >= MAX_FOLLOWS)
      throw new Refusal(
        'invalid',
        `you follow ${MAX_FOLLOWS} authors and categories, the most one member may: unfollow some first`,
      );
    const created = { userId: member.id, ...target, createdAt: now.toISOString() };
    await insertFollows(trx, [created]);
    return { kind: target.kind, value: target.value, createdAt: created.createdAt };
  });
}

export async function unfollow(store: Store, member: Member, target: FollowTarget): Promise<void> {
  if (!(await deleteFollow(store, member.id, target.kind, target.key)))
    throw new Refusal(
      'not-found',
      `You do not follow ${target.kind === 'author' ? 'the author' : 'the category'} ${target.value}`,
    );
}

/** Everything the hub has learned about the member's taste. */
export interface Taste {
  follows: Follow[];
  feedback: FeedbackEntry[];
  saved: number;
  upvoted: number;
}

export async function tasteOf(store: Store, member: Member): Promise<Taste> {
  const [follows, feedback, counts] = await Promise.all([
    followList(store, member.id),
    feedbackEntries(store, member.id),
    savedAndUpvotedCounts(store, member.id),
  ]);
  return { follows, feedback, ...counts };
}

/** Forgets the member's feedback and follows, in one transaction; the library and upvotes stay. */
export async function resetTaste(store: Store, member: Member): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await deleteAllFeedback(trx, member.id);
    await deleteAllFollows(trx, member.id);
  });
}
