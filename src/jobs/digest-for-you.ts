import { addDays, type DayRange } from '../core/dates.ts';
import type { Paper } from '../core/paper.ts';
import { MIN_POSITIVES, recommendForMember } from '../recommend/recommend.ts';
import type { SearchIndex, SemanticSearch } from '../search/index.ts';
import { tasteOfMember } from '../store/taste.ts';

/** Recommended papers in a member's daily digest. */
export const FOR_YOU_IN_DIGEST = 5;

/**
 * A member's "For you" section of the daily digest: up to five papers published in the days
 * the digest covers (and the day before, as arXiv dates papers before they are listed), ranked
 * for the member, none already in the digest. Only for a subscription of a member the hub knows
 * enough about (as many liked papers as /papers/for-you asks for); otherwise none. Ranked by
 * meaning too when an embedding model is configured, as /papers/for-you is.
 */
export async function forYouSection(
  search: SearchIndex,
  userId: number | null,
  covered: DayRange,
  inDigest: readonly Paper[],
  semantic: SemanticSearch | null = null,
): Promise<{ paper: Paper; reason: string }[]> {
  if (userId === null) return [];
  const taste = await tasteOfMember(search.store, userId);
  if (taste.positives.length < MIN_POSITIVES && taste.authors.length === 0) return [];
  const shown = new Set(inDigest.map((paper) => paper.id));
  const { items } = await recommendForMember(
    search,
    taste,
    { from: addDays(covered.from, -1), to: covered.to, limit: FOR_YOU_IN_DIGEST + shown.size, today: covered.to },
    // Sent once: not from the newest papers alone while the archive is first indexed.
    { everyPaper: true, semantic },
  );
  return items.filter((item) => !shown.has(item.paper.id)).slice(0, FOR_YOU_IN_DIGEST);
}
