import { rulePlacement } from '../core/feed-placement.ts';
import type { Store } from '../db/connect.ts';
import { addFeedEntries } from '../store/feed.ts';
import { papersOffFeed } from '../store/papers.ts';
import { emptyFeedTally, type FeedTally, tallyDays } from './save-papers.ts';

/** Papers placed per transaction: a crash keeps every batch before it, and a rerun goes on. */
const BATCH = 1000;

/**
 * The feed rule applied to the whole archive (`dailypapers feed apply-rule`): every stored paper
 * on no feed that one of `feedCategories` covers enters the feed of its listing day, as if it
 * had been imported under the rule. Papers with a place keep it; running it again adds nothing.
 * The tally's `archiveOnly` counts the papers the rule does not cover.
 */
export async function applyFeedRule(
  store: Store,
  feedCategories: readonly string[],
  now: Date,
  onProgress?: (tally: Readonly<FeedTally>) => void,
): Promise<FeedTally> {
  const tally = emptyFeedTally();
  let after: string | null = null;
  for (;;) {
    const papers = await papersOffFeed(store.db, after, BATCH);
    if (papers.length === 0) return tally;
    after = papers.at(-1)!.id;
    const entries = papers.flatMap((paper) => {
      const placement = rulePlacement(paper, feedCategories, now);
      return placement ? [{ paperId: paper.id, ...placement }] : [];
    });
    await addFeedEntries(store.db, entries, now);
    tallyDays(tally, entries);
    tally.archiveOnly += papers.length - entries.length;
    onProgress?.(tally);
  }
}
