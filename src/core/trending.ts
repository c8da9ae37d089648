/**
 * The trending formula, published in README.md ("## Trending"). Pure math, no clock.
 *
 * Each engagement event i (a local upvote, a source upvote, a member's first visible comment)
 * has a weight w_i and a time t_i. Its weight halves every H hours, so a paper's engagement
 * at time `now` is  E(now) = Σ w_i · 2^(−(now − t_i)/H).
 * Written in log space from a fixed epoch T0, the paper's *level*
 *     L = log2 Σ w_i · 2^((t_i − T0)/H)        and   log2 E(now) = L − (now − T0)/H,
 * so L changes only when an event is added or removed, never with the clock (lobsters'
 * trick): the rank is a stored column recomputed on write, with no decay job.
 * A primary category's level C = log2 Σ_papers 2^L is its total decayed engagement, and
 *     trending = L − α·C
 * divides a paper's engagement by its category's raised to α, so a flood of votes in one
 * category does not drown the others (α = 0: raw engagement; α = 1: share of the category).
 */

export interface TrendingSettings {
  /** H: hours for an event's weight to halve. */
  halfLifeHours: number;
  /** Weight of a member's first visible comment on a paper; an upvote weighs 1. */
  commentWeight: number;
  /** α in [0, 1]: how strongly the category's own engagement divides a paper's. */
  categoryWeight: number;
}

export const DEFAULT_TRENDING: TrendingSettings = Object.freeze({ halfLifeHours: 48, commentWeight: 0.5, categoryWeight: 0.5 });

/** T0: any fixed instant works; this one keeps levels small for years to come. */
export const TRENDING_EPOCH = '2020-01-01T00:00:00.000Z';
const EPOCH_MS = Date.parse(TRENDING_EPOCH);
const MS_PER_HOUR = 3_600_000;

export interface EngagementEvent {
  /** ISO 8601 instant. */
  at: string;
  weight: number;
}

/** (t − T0)/H: an instant as half-lives since the epoch. */
export function halfLivesSinceEpoch(at: string | Date, settings: TrendingSettings): number {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return (ms - EPOCH_MS) / (settings.halfLifeHours * MS_PER_HOUR);
}

/**
 * log2 Σ 2^x_i, computed around the largest term so that 2^x never overflows
 * (x is about 550 per year at H = 48 h). Null for an empty sum: no engagement.
 */
export function log2SumExp2(exponents: number[]): number | null {
  if (exponents.length === 0) return null;
  const max = Math.max(...exponents);
  let sum = 0;
  for (const x of exponents) sum += 2 ** (x - max);
  return max + Math.log2(sum);
}

/** L for a paper's events; events of weight 0 or less count for nothing. */
export function engagementLevel(events: EngagementEvent[], settings: TrendingSettings): number | null {
  const exponents = events.filter((e) => e.weight > 0).map((e) => Math.log2(e.weight) + halfLivesSinceEpoch(e.at, settings));
  return log2SumExp2(exponents);
}

/** trending = L − α·C; null when the paper has no engagement. */
export function trendingScore(level: number | null, categoryLevel: number, settings: TrendingSettings): number | null {
  return level === null ? null : level - settings.categoryWeight * categoryLevel;
}

/** A level read back as the decayed amount it stands for at `now` (E(now) or the category's). */
export function decayedAmount(level: number | null, now: Date, settings: TrendingSettings): number {
  return level === null ? 0 : 2 ** (level - halfLivesSinceEpoch(now, settings));
}

/** What the formula counts for one paper, as read from the rows. */
export interface EngagementFacts {
  /** When each local upvote was cast. */
  upvotes: string[];
  /** When each member first commented visibly (one event per member). */
  firstComments: string[];
  /** The source's (Hugging Face's) count, and the paper's dates that say when those count as cast. */
  source: SourceUpvotes;
}

export interface SourceUpvotes {
  count: number;
  /** The day the paper entered the feed, if it did. */
  feedDay: string | null;
  publishedAt: string | null;
  /** When the paper was stored. */
  createdAt: string;
}

export interface CountedEvent extends EngagementEvent {
  kind: 'upvote' | 'source-upvotes' | 'comment';
}

/** The events the formula counts: each upvote weighs 1, a member's first comment `commentWeight`, the source count its number. */
export function engagementEvents(facts: EngagementFacts, settings: TrendingSettings): CountedEvent[] {
  const events: CountedEvent[] = facts.upvotes.map((at) => ({ kind: 'upvote', at, weight: 1 }));
  for (const at of facts.firstComments) events.push({ kind: 'comment', at, weight: settings.commentWeight });
  if (facts.source.count > 0)
    events.push({ kind: 'source-upvotes', at: sourceUpvotesAt(facts.source), weight: facts.source.count });
  return events;
}

/**
 * A source (Hugging Face) reports a count, not when each vote came: they count as cast
 * when the paper entered the feed, else when it was published, else when it was stored.
 */
export function sourceUpvotesAt(paper: SourceUpvotes): string {
  return paper.feedDay ? `${paper.feedDay}T00:00:00.000Z` : (paper.publishedAt ?? paper.createdAt);
}
