import type { TrendingSettings } from '../core/trending.ts';
import type { Store } from '../db/connect.ts';
import type { User } from '../store/accounts.ts';
import { changeVote, type VoteChange, type VoteState } from '../store/votes.ts';
import { Refusal } from './errors.ts';

/** A member upvotes, un-upvotes or toggles a paper; answers the paper's new count and their vote. */
export async function vote(
  store: Store,
  voter: User,
  paperId: string,
  to: VoteChange,
  settings: TrendingSettings,
  now: Date,
): Promise<VoteState> {
  const state = await changeVote(store, { userId: voter.id, paperId, to }, settings, now);
  if (!state) throw new Refusal('not-found', `no paper ${paperId}`);
  return state;
}
