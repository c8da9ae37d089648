import { addDays, formatDay } from '../core/dates.ts';
import { type DayEngagement, engagementSentence, everyDay } from '../core/engagement-days.ts';
import type { Paper } from '../core/paper.ts';
import { sourceUpvotesAt } from '../core/trending.ts';
import type { Store } from '../db/connect.ts';
import { engagementByDay } from '../store/engagement-days.ts';

/** The paper page's chart spans at most this many days, ending today… */
export const HISTORY_DAYS = 60;
/** …and at least this many, so a few days of bars keep their width and their place in time. */
export const HISTORY_MIN_DAYS = 14;
/** A trending sparkline's days, ending today. */
export const SPARKLINE_DAYS = 7;

/** A paper's upvotes and comments day by day, and the same in words. */
export interface EngagementHistory {
  paperId: string;
  /** Every day from the first upvote or comment of the last HISTORY_DAYS (or HISTORY_MIN_DAYS ago, if earlier) to today; empty when none. */
  days: DayEngagement[];
  /** Upvotes and comments on any day, the chart's and earlier ones. */
  totals: { upvotes: number; comments: number };
  /** Upvotes a source (Hugging Face) reported as one count, without days. */
  sourceUpvotes: number;
  summary: string;
}

export async function engagementHistory(
  store: Store,
  paper: Pick<Paper, 'id' | 'sourceUpvotes'>,
  now: Date,
): Promise<EngagementHistory> {
  const rows = (await engagementByDay(store, [paper.id], null)).get(paper.id)!;
  const today = formatDay(now);
  const earliest = addDays(today, 1 - HISTORY_DAYS);
  const first = rows.find((row) => row.day >= earliest)?.day;
  const shortest = addDays(today, 1 - HISTORY_MIN_DAYS);
  return {
    paperId: paper.id,
    // Engagement older than the chart's days is in the totals and the sentence only.
    days: first ? everyDay(rows, first < shortest ? first : shortest, today) : [],
    totals: {
      upvotes: rows.reduce((sum, row) => sum + row.upvotes, 0),
      comments: rows.reduce((sum, row) => sum + row.comments, 0),
    },
    sourceUpvotes: paper.sourceUpvotes,
    summary: engagementSentence(rows, paper.sourceUpvotes),
  };
}

/** One paper of a list: its id, and where its source upvotes count (src/core/trending.ts). */
export interface ListedEngagement {
  id: string;
  sourceUpvotes: number;
  feedDay: string | null;
  publishedAt: string | null;
  createdAt: string;
}

/** A day of a sparkline: upvotes and comments together. */
export interface SparkDay {
  day: string;
  count: number;
}

/**
 * Each paper's engagement per day over the last SPARKLINE_DAYS, for a whole list in one query.
 * Source upvotes count on the day the trending formula counts them (the day the paper entered
 * the feed), so the line shows what lifted the paper onto the list.
 */
export async function sparklines(store: Store, papers: ListedEngagement[], now: Date): Promise<Map<string, SparkDay[]>> {
  const today = formatDay(now);
  const from = addDays(today, 1 - SPARKLINE_DAYS);
  const rows = await engagementByDay(
    store,
    papers.map((p) => p.id),
    new Date(`${from}T00:00:00Z`),
  );
  const lines = new Map<string, SparkDay[]>();
  for (const paper of papers) {
    const days = everyDay(rows.get(paper.id)!, from, today).map((d) => ({ day: d.day, count: d.upvotes + d.comments }));
    const sourceDay = sourceUpvotesAt({ count: paper.sourceUpvotes, ...paper }).slice(0, 10);
    const landed = days.find((d) => d.day === sourceDay);
    if (landed) landed.count += paper.sourceUpvotes;
    lines.set(paper.id, days);
  }
  return lines;
}
