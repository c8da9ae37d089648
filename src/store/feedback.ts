/**
 * "More like this" and "not interested": one row per member and paper, the latest word wins.
 * `feedbackOf` is what recommendations read; `feedbackAmong` is what a list asks of its cards.
 */
import type { Kysely } from 'kysely';
import type { Store } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';

export type FeedbackKind = 'more' | 'less';
export const FEEDBACK_KINDS: readonly FeedbackKind[] = ['more', 'less'];

export interface FeedbackEntry {
  paperId: string;
  title: string;
  kind: FeedbackKind;
  createdAt: string;
}

/** Records the member's word on a paper, replacing any earlier one. */
export async function upsertFeedback(
  db: Kysely<Database>,
  rows: readonly { userId: number; paperId: string; kind: FeedbackKind; createdAt: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('paper_feedback')
    .values(rows.map((r) => ({ user_id: r.userId, paper_id: r.paperId, kind: r.kind, created_at: r.createdAt })))
    .onConflict((oc) =>
      oc.columns(['user_id', 'paper_id']).doUpdateSet((eb) => ({
        kind: eb.ref('excluded.kind'),
        created_at: eb.ref('excluded.created_at'),
      })),
    )
    .execute();
}

/** Withdraws the member's word on a paper; false when there was none. */
export async function deleteFeedback(store: Store, userId: number, paperId: string): Promise<boolean> {
  const result = await store.db
    .deleteFrom('paper_feedback')
    .where('user_id', '=', userId)
    .where('paper_id', '=', paperId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Forgets every word the member gave. */
export async function deleteAllFeedback(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('paper_feedback').where('user_id', '=', userId).execute();
}

/** The papers the member asked more like, and those they are not interested in (for recommendations). */
export async function feedbackOf(store: Store, userId: number): Promise<{ more: string[]; less: string[] }> {
  const rows = await store.db
    .selectFrom('paper_feedback')
    .select(['paper_id', 'kind'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('paper_id')
    .execute();
  return {
    more: rows.filter((r) => r.kind === 'more').map((r) => r.paper_id),
    less: rows.filter((r) => r.kind === 'less').map((r) => r.paper_id),
  };
}

/** The member's feedback with each paper's title, latest first (only on `paperId` when given). */
export async function feedbackEntries(store: Store, userId: number, paperId?: string): Promise<FeedbackEntry[]> {
  const rows = await store.db
    .selectFrom('paper_feedback')
    .innerJoin('papers', 'papers.id', 'paper_feedback.paper_id')
    .select(['paper_feedback.paper_id', 'papers.title', 'paper_feedback.kind', 'paper_feedback.created_at'])
    .where('paper_feedback.user_id', '=', userId)
    .$if(paperId !== undefined, (q) => q.where('paper_feedback.paper_id', '=', paperId!))
    .orderBy('paper_feedback.created_at', 'desc')
    .orderBy('paper_feedback.paper_id')
    .execute();
  return rows.map((r) => ({ paperId: r.paper_id, title: r.title, kind: r.kind, createdAt: r.created_at }));
}

/** The member's word on each of these papers that has one: a list hides the `less` ones. */
export async function feedbackAmong(
  store: Store,
  userId: number,
  paperIds: readonly string[],
): Promise<Map<string, FeedbackKind>> {
  if (paperIds.length === 0) return new Map();
  const rows = await store.db
    .selectFrom('paper_feedback')
    .select(['paper_id', 'kind'])
    .where('user_id', '=', userId)
    .where('paper_id', 'in', paperIds)
    .execute();
  return new Map(rows.map((r) => [r.paper_id, r.kind]));
}

/** How many papers the member saved and upvoted: the other signals recommendations read. */
export async function savedAndUpvotedCounts(store: Store, userId: number): Promise<{ saved: number; upvoted: number }> {
  const [saved, upvoted] = await Promise.all([
    store.db
      .selectFrom('library_items')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow(),
    store.db
      .selectFrom('votes')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow(),
  ]);
  return { saved: Number(saved.n), upvoted: Number(upvoted.n) };
}
