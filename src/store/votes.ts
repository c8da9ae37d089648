import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Whether the member has upvoted the paper (in a transaction, or on the store's `db`). */
export async function hasUpvoted(db: Kysely<Database>, userId: number, paperId: string): Promise<boolean> {
  const row = await db
    .selectFrom('votes')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('paper_id', '=', paperId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Of `paperIds`, those the member has upvoted: one query for a whole list of cards. */
export async function upvotedAmong(db: Kysely<Database>, userId: number, paperIds: readonly string[]): Promise<Set<string>> {
  if (paperIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('votes')
    .select('paper_id')
    .where('user_id', '=', userId)
    .where('paper_id', 'in', paperIds)
    .execute();
  return new Set(rows.map((row) => row.paper_id));
}

/** Stores a vote; the (user, paper) primary key makes a second row impossible. */
export async function addVote(db: Kysely<Database>, userId: number, paperId: string, now: Date): Promise<void> {
  await db.insertInto('votes').values({ user_id: userId, paper_id: paperId, created_at: now.toISOString() }).execute();
}

export async function removeVote(db: Kysely<Database>, userId: number, paperId: string): Promise<void> {
  await db.deleteFrom('votes').where('user_id', '=', userId).where('paper_id', '=', paperId).execute();
}

/** A paper's stored upvote count (src/store/papers.ts derivedUpvotes keeps it). */
export async function storedUpvotes(db: Kysely<Database>, paperId: string): Promise<number> {
  const row = await db.selectFrom('papers').select('upvotes').where('id', '=', paperId).executeTakeFirstOrThrow();
  return Number(row.upvotes);
}
