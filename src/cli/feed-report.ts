import type { FeedTally } from '../ingest/save-papers.ts';

const papers = (n: number) => `${n.toLocaleString('en')} paper${n === 1 ? '' : 's'}`;

/** The feed days in a few words: one day, a short list, or the span of many. */
function daysInWords(days: Map<string, number>): string {
  const sorted = [...days.keys()].sort();
  if (sorted.length === 1) return `on ${sorted[0]}`;
  if (sorted.length <= 3) return `on ${sorted.map((day) => `${day} (${days.get(day)})`).join(', ')}`;
  return `on ${sorted.length} days from ${sorted[0]} to ${sorted.at(-1)}`;
}

/**
 * Where an import or the feed rule put the papers, one line each for the feed and the archive:
 * what a user needs to find them (`/papers/date/DAY`, or search) and, for papers on no feed,
 * how to place them.
 */
export function feedReport(tally: FeedTally, feedCategories: readonly string[]): string {
  const placed = [...tally.days.values()].reduce((sum, n) => sum + n, 0);
  const lines = [];
  const already = tally.alreadyOnFeed > 0 ? `; ${papers(tally.alreadyOnFeed)} kept the day they had` : '';
  if (placed > 0 || already)
    lines.push(`feed: ${placed > 0 ? `${papers(placed)} placed ${daysInWords(tally.days)}` : 'none placed'}${already}`);
  if (tally.archiveOnly > 0) {
    const rule =
      feedCategories.length > 0
        ? `FEED_CATEGORIES=${feedCategories.join(',')} covers none of their categories`
        : 'FEED_CATEGORIES is unset';
    lines.push(
      `archive only: ${papers(tally.archiveOnly)}, searchable but on no feed (${rule}); ` +
        'to place them, set FEED_CATEGORIES to cover them and run dailypapers feed apply-rule, or import with --feed',
    );
  }
  return lines.map((line) => `${line}\n`).join('');
}
