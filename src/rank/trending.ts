import {
  decayedAmount,
  type EngagementFacts,
  engagementEvents,
  engagementLevel,
  log2SumExp2,
  TRENDING_EPOCH,
  type TrendingSettings,
  trendingScore,
} from '../core/trending.ts';
import { TRENDING_WINDOW_DAYS, trendingSentence, trendingWindowStart } from '../core/trending-sentence.ts';
import type { Store } from '../db/connect.ts';
import { paperEngagement, storedCategoryLevel } from '../store/engagement.ts';
import {
  allEngagementRows,
  categoryLevels,
  type PaperTrending,
  storedTrending,
  trendingPlace,
  writeTrending,
} from '../store/trending.ts';

/**
 * Recomputes every paper's level, every category's level and every rank from the rows.
 * Votes and comments keep their own paper current as they happen; this refreshes the
 * category levels those use (and picks up source upvotes that ingestion changed).
 */
export async function recomputeTrending(
  store: Store,
  settings: TrendingSettings,
  now: Date,
): Promise<{ papers: number; categories: number }> {
  const rows = await allEngagementRows(store);
  const facts = new Map<string, EngagementFacts>(
    rows.papers.map((p) => [p.id, { upvotes: [], firstComments: [], source: p.source }]),
  );
  for (const v of rows.votes) facts.get(v.paper_id)?.upvotes.push(v.created_at);
  for (const c of rows.commenters) facts.get(c.paper_id)?.firstComments.push(c.first);

  const levels = rows.papers.map((p) => ({
    id: p.id,
    category: p.primaryCategory ?? '',
    level: engagementLevel(engagementEvents(facts.get(p.id)!, settings), settings),
  }));
  const byCategory = new Map<string, number[]>();
  for (const { category, level } of levels) {
    if (level === null) continue;
    const list = byCategory.get(category);
    if (list) list.push(level);
    else byCategory.set(category, [level]);
  }
  const categories = new Map([...byCategory].map(([category, list]) => [category, log2SumExp2(list)!]));
  const papers: PaperTrending[] = levels.map(({ id, category, level }) => ({
    id,
    engagementLevel: level,
    trending: trendingScore(level, categories.get(category) ?? 0, settings),
  }));
  await writeTrending(store, papers, categories, now);
  return { papers: papers.filter((p) => p.trending !== null).length, categories: categories.size };
}

/** Why a paper ranks where it does: the formula's inputs and outputs for one paper, at `now`. */
export interface TrendingExplanation {
  paperId: string;
  formula: string;
  settings: TrendingSettings & { epoch: string };
  counts: { localUpvotes: number; sourceUpvotes: number; commenters: number };
  /** L and its decayed value now (E(now) in upvote units). */
  engagement: { level: number | null; now: number };
  category: { name: string | null; level: number | null; now: number; computedAt: string | null };
  trending: number | null;
  /** 1-based place on the trending list; null when it is not on it (no engagement in the window, on no feed, hidden). */
  rank: number | null;
  /** The explanation in words, for a reader (src/core/trending-sentence.ts). */
  summary: string;
}

export const TRENDING_FORMULA = 'trending = L − α·C, L = log2 Σ w·2^((t − T0)/H), C = log2 Σ_category 2^L';

export async function explainTrending(
  store: Store,
  paperId: string,
  settings: TrendingSettings,
  now: Date,
): Promise<TrendingExplanation | null> {
  const [paper, stored] = await Promise.all([paperEngagement(store.db, paperId), storedTrending(store, paperId)]);
  if (!paper || !stored) return null;
  const events = engagementEvents(paper, settings);
  const [category, levels, rank] = await Promise.all([
    storedCategoryLevel(store.db, paper.primaryCategory ?? ''),
    categoryLevels(store),
    trendingPlace(store, paperId, trendingWindowStart(now)),
  ]);
  const level = stored.engagementLevel;
  return {
    paperId,
    formula: TRENDING_FORMULA,
    settings: { ...settings, epoch: TRENDING_EPOCH },
    counts: {
      localUpvotes: events.filter((e) => e.kind === 'upvote').length,
      sourceUpvotes: paper.source.count,
      commenters: events.filter((e) => e.kind === 'comment').length,
    },
    engagement: { level, now: round(decayedAmount(level, now, settings)) },
    category: {
      name: paper.primaryCategory,
      level: category?.level ?? null,
      now: round(decayedAmount(category?.level ?? null, now, settings)),
      computedAt: category?.computedAt ?? null,
    },
    trending: stored.trending,
    rank,
    summary: trendingSentence({
      // The sentence counts people: a commenter is one, whatever weight the formula gives a comment.
      events: events.map((e) => ({ kind: e.kind, at: e.at, count: e.kind === 'comment' ? 1 : e.weight })),
      now,
      windowDays: TRENDING_WINDOW_DAYS,
      rank,
      category: { name: paper.primaryCategory, level: category?.level ?? null, medianLevel: median(levels) },
      categoryWeight: settings.categoryWeight,
    }),
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
