import { anyCategoryMatches } from './categories.ts';
import type { FeedSource, PaperFacts, PaperRecord } from './paper.ts';

/** Where an imported paper enters the daily feeds. */
export interface ImportPlacement {
  day: string;
  source: Extract<FeedSource, 'hf' | 'rule'>;
  rank: number | null;
  submittedBy: string | null;
  /** The moment the source says the paper entered its feed; null: when it is stored. */
  enteredAt: string | null;
}

/**
 * The feed rule for imports: a record that carries its own placement (a curated source such as
 * Hugging Face) enters the feed there; a paper that one of `feedCategories` (`cs.CL`, `cs`, `*`)
 * covers enters on its listing day, whether it is new or was stored before without a place (a
 * re-import after FEED_CATEGORIES is set); anything else stays off the feeds. A paper that
 * already has a place keeps it (the caller does not ask).
 */
export function importPlacement(
  record: PaperRecord,
  paper: PaperFacts,
  feedCategories: readonly string[],
  now: Date,
): ImportPlacement | null {
  if (record.feed) {
    const { day, rank, submittedBy, submittedAt = null } = record.feed;
    return { day, source: 'hf', rank, submittedBy, enteredAt: submittedAt };
  }
  return rulePlacement(paper, feedCategories, now);
}

/** The automatic rule alone, for a stored paper without a place (`dailypapers feed apply-rule`). */
export function rulePlacement(paper: PaperFacts, feedCategories: readonly string[], now: Date): ImportPlacement | null {
  if (!anyCategoryMatches(feedCategories, paper.categories)) return null;
  return { day: ruleDay(paper, now), source: 'rule', rank: null, submittedBy: null, enteredAt: null };
}

function ruleDay(paper: PaperFacts, now: Date): string {
  return paper.listedOn ?? paper.publishedAt?.slice(0, 10) ?? now.toISOString().slice(0, 10);
}
