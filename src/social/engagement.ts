import type { Kysely } from 'kysely';
import {
  type EngagementFacts,
  engagementEvents,
  engagementLevel,
  type TrendingSettings,
  trendingScore,
} from '../core/trending.ts';
import type { Database } from '../db/schema.ts';
import { addCategoryLevel, paperEngagement, writeEngagement } from '../store/engagement.ts';

/** What a paper's counters and trending rank are after a vote or comment changed. */
export interface Engagement {
  upvotes: number;
  numComments: number;
  engagementLevel: number | null;
  trending: number | null;
}

/**
 * Re-derives a paper's counters and trending rank after a vote or comment changed, inside the
 * caller's transaction (which has locked the paper: lockPaper), so the rank is current the
 * moment the write commits — a stored column recomputed on write, as lobsters does.
 */
export async function refreshEngagement(
  trx: Kysely<Database>,
  paperId: string,
  settings: TrendingSettings,
  now: Date,
): Promise<Engagement> {
  const facts = await paperEngagement(trx, paperId);
  if (!facts) throw new Error(`no paper ${paperId} to refresh`);
  const level = engagementLevel(engagementEvents(facts, settings), settings);
  const category = facts.primaryCategory ?? '';
  let categoryLevel = facts.categoryLevel;
  if (categoryLevel === null) {
    // A category first seen since the full recompute (src/rank) starts at this paper's own
    // level: its volume is at least this paper.
    categoryLevel = level ?? 0;
    if (level !== null) await addCategoryLevel(trx, category, level, now);
  }
  const trending = trendingScore(level, categoryLevel, settings);
  const counts = await writeEngagement(trx, paperId, { engagementLevel: level, trending, engagedAt: latest(facts) });
  return { ...counts, engagementLevel: level, trending };
}

/** The latest vote or member's first visible comment: the trending list's window reads it (papers.engaged_at). */
function latest(facts: EngagementFacts): string | null {
  let at: string | null = null;
  for (const time of [...facts.upvotes, ...facts.firstComments]) if (at === null || time > at) at = time;
  return at;
}
