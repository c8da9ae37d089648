import type { TrendingSettings } from '../core/trending.ts';
import type { Store } from '../db/connect.ts';
import { lockPaper, refreshEngagement } from './engagement.ts';

export interface VoteState {
  upvotes: number;
  upvoted: boolean;
}

/** Upvote on (`true`), off (`false`) or the opposite of now (`'toggle'`). */
export type VoteChange = boolean | 'toggle';

/**
 * Sets one member's vote on a paper and re-derives the paper's counts, in one transaction.
 * The paper row is locked first (lockPaper), so concurrent votes on a paper queue up and each
 * sees the votes committed before it; the (user, paper) primary key makes a second row impossible.
 * Null when the paper does not exist.
 */
export async function changeVote(
  store: Store,
  change: { userId: number; paperId: string; to: VoteChange },
  settings: TrendingSettings,
  now: Date,
): Promise<VoteState | null> {
  const { userId, paperId } = change;
  return store.db.transaction().execute(async (trx) => {
    if (!(await lockPaper(store, trx, paperId))) return null;
    const existing = await trx
      .selectFrom('votes')
      .select('user_id')
      .where('user_id', '=', userId)
      .where('paper_id', '=', paperId)
      .executeTakeFirst();
    const upvoted = change.to === 'toggle' ? !existing : change.to;
    if (upvoted && !existing) {
      await trx.insertInto('votes').values({ user_id: userId, paper_id: paperId, created_at: now.toISOString() }).execute();
    } else if (!upvoted && existing) {
      await trx.deleteFrom('votes').where('user_id', '=', userId).where('paper_id', '=', paperId).execute();
    } else {
      return { upvotes: await currentUpvotes(trx, paperId), upvoted };
    }
    const { upvotes } = await refreshEngagement(trx, paperId, settings, now);
    return { upvotes, upvoted };
  });
}

export async function hasUpvoted(store: Store, userId: number, paperId: string): Promise<boolean> {
  const row = await store.db
    .selectFrom('votes')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('paper_id', '=', paperId)
    .executeTakeFirst();
  return row !== undefined;
}

async function currentUpvotes(db: Store['db'], paperId: string): Promise<number> {
  const row = await db.selectFrom('papers').select('upvotes').where('id', '=', paperId).executeTakeFirstOrThrow();
  return Number(row.upvotes);
}
