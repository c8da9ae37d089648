import type { TrendingSettings } from '../core/trending.ts';
import type { Store } from '../db/connect.ts';
import type { User } from '../store/accounts.ts';
import { lockPaper } from '../store/engagement.ts';
import { addVote, removeVote, storedUpvotes, hasUpvoted } from '../store/votes.ts';
import { refreshEngagement } from './engagement.ts';
import { Refusal } from './errors.ts';

export interface VoteState {
  upvotes: number;
  upvoted: boolean;
}

/** Upvote on (`true`), off (`false`) or the opposite of now (`'toggle'`). */
export type VoteChange = boolean | 'toggle';

/**
 * A member upvotes, un-upvotes or toggles a paper; answers the paper's new count and their vote.
 * One transaction: the paper row is locked first (lockPaper), so concurrent votes on a paper
 * queue up and each sees the votes committed before it; the vote row changes; the paper's
 * count and trending rank are re-derived from the votes (refreshEngagement).
 */
export async function vote(
  store: Store,
  voter: User,
  paperId: string,
  to: VoteChange,
  settings: TrendingSettings,
  now: Date,
): Promise<VoteState> {
  const state = await store.db.transaction().execute(async (trx) => {
    if (!(await lockPaper(store, trx, paperId))) return null;
    const existing = await hasUpvoted(trx, voter.id, paperId);
    const upvoted = to === 'toggle' ? !existing : to;
    if (upvoted === existing) return { upvotes: await storedUpvotes(trx, paperId), upvoted };
    if (upvoted) await addVote(trx, voter.id, paperId, now);
    else await removeVote(trx, voter.id, paperId);
    const { upvotes } = await refreshEngagement(trx, paperId, settings, now);
    return { upvotes, upvoted };
  });
  if (!state) throw new Refusal('not-found', `no paper ${paperId}`);
  return state;
}
