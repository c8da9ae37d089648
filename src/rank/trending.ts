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
import type { Store } from '../db/connect.ts';
import { paperEngagement, storedCategoryLevel } from '../store/engagement.ts';
import { allEngagementRows, papersAbove, type PaperTrending, storedTrending, writeTrending } from '../store/trending.ts';

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
  /** 1-based place among visible papers; null without engagement. */
  rank: number | null;
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
  const category = await storedCategoryLevel(store.db, paper.primaryCategory ?? '');
  const level = stored.engagementLevel;
  const rank = stored.trending === null || stored.hidden ? null : (await papersAbove(store, stored.trending)) + 1;
  const engagementNow = decayedAmount(level, now, settings);
  const categoryNow = decayedAmount(category?.level ?? null, now, settings);
  return {
    paperId,
    formula: TRENDING_FORMULA,
    settings: { ...settings, epoch: TRENDING_EPOCH },
    counts: {
      localUpvotes: events.filter((e) => e.kind === 'upvote').length,
      sourceUpvotes: paper.source.count,
      commenters: events.filter((e) => e.kind === 'comment').length,
    },
    engagement: { level, now: round(engagementNow) },
    category: {
      name: paper.primaryCategory,
      level: category?.level ?? null,
      now: round(categoryNow),
      computedAt: category?.computedAt ?? null,
    },
    trending: stored.trending,
    rank,
    summary: summarise(rank, engagementNow, categoryNow, paper.primaryCategory, settings),
  };
}

function summarise(
  rank: number | null,
  engagement: number,
  category: number,
  name: string | null,
  settings: TrendingSettings,
): string {
  if (rank === null) return 'No upvotes or comments yet, so this paper is not on the trending list.';
  const share = category > 0 ? ` — ${Math.round((100 * engagement) / category)}% of ${name ?? 'its category'}'s` : '';
  return (
    `Ranked #${rank}: ${round(engagement)} upvotes' worth of engagement after decay` +
    ` (weights halve every ${settings.halfLifeHours} h)${share}, divided by the category's engagement to the power ${settings.categoryWeight}.`
  );
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
