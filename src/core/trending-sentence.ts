/**
 * The trending explanation in words, for a reader rather than a formula: what was counted and
 * when, whether it falls inside the window the trending list shows, and how the paper's category
 * weighs on it ("75 upvotes, most of them 3 days ago; cs.CV is busy this week, so it counts a
 * little less"). Pure: the caller reads the rows and the clock.
 */

/** The trending list shows papers with engagement inside this many days. */
export const TRENDING_WINDOW_DAYS = 7;

const MS_PER_DAY = 86_400_000;

/** The first instant the trending list counts at `now`. */
export function trendingWindowStart(now: Date, days = TRENDING_WINDOW_DAYS): Date {
  return new Date(now.getTime() - days * MS_PER_DAY);
}

export interface SentenceEvent {
  kind: 'upvote' | 'source-upvotes' | 'comment';
  /** ISO 8601 instant. */
  at: string;
  /** Upvotes it stands for (a source's count), 1 for an upvote or a commenter. */
  count: number;
}

export interface SentenceInput {
  events: SentenceEvent[];
  now: Date;
  windowDays: number;
  /** 1-based place on the trending list; null when the paper is not on it. */
  rank: number | null;
  category: {
    name: string | null;
    /** log2 of the category's decayed engagement (C), and the median C over categories with any. */
    level: number | null;
    medianLevel: number | null;
  };
  /** α: 0 means categories are not weighed at all. */
  categoryWeight: number;
}

export function trendingSentence(input: SentenceInput): string {
  const { events, now, windowDays } = input;
  if (events.length === 0) return 'No upvotes or comments yet, so it is not on the trending list.';
  const what = `${countsInWords(events)}, ${whenInWords(events, now)}`;
  if (input.rank === null) {
    const latest = Math.max(...events.map((e) => Date.parse(e.at)));
    return latest < trendingWindowStart(now, windowDays).getTime()
      ? `${capitalise(what)}: none in the last ${windowDays} days, so it is not on the trending list.`
      : `${capitalise(what)}; it is not on the trending list.`;
  }
  const weighed = categoryInWords(input);
  return `#${input.rank} trending: ${what}${weighed ? `; ${weighed}` : ''}.`;
}

function countsInWords(events: SentenceEvent[]): string {
  const upvotes = events.filter((e) => e.kind !== 'comment').reduce((sum, e) => sum + e.count, 0);
  const commenters = events.filter((e) => e.kind === 'comment').length;
  const parts = [];
  if (upvotes > 0) parts.push(plural(upvotes, 'upvote'));
  if (commenters > 0) parts.push(plural(commenters, 'commenter'));
  return parts.join(' and ');
}

/** When most of the engagement came, in whole days before `now`. */
function whenInWords(events: SentenceEvent[], now: Date): string {
  const byAge = new Map<number, number>();
  let total = 0;
  for (const event of events) {
    const age = Math.max(0, Math.floor((now.getTime() - Date.parse(event.at)) / MS_PER_DAY));
    byAge.set(age, (byAge.get(age) ?? 0) + event.count);
    total += event.count;
  }
  const ages = [...byAge.keys()].sort((a, b) => a - b);
  const [peak, peakCount] = [...byAge].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  if (total === 1) return daysAgo(peak);
  if (ages.length === 1) return `all of them ${daysAgo(peak)}`;
  if (peakCount * 2 > total) return `most of them ${daysAgo(peak)}`;
  return `between ${daysAgo(ages.at(-1)!)} and ${daysAgo(ages[0]!)}`;
}

function daysAgo(days: number): string {
  return days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
}

/** How the category's activity, against the median category's, weighs on the paper. */
function categoryInWords({ category, categoryWeight }: SentenceInput): string | null {
  if (categoryWeight === 0 || category.level === null || category.medianLevel === null) return null;
  const name = category.name ?? 'its category';
  const busier = category.level - category.medianLevel; // log2 of "times as busy as the median"
  if (busier >= 2) return `${name} is among the busiest categories this week, so it counts less`;
  if (busier >= Math.log2(1.5)) return `${name} is busy this week, so it counts a little less`;
  if (busier <= -2) return `${name} is quiet this week, so it counts more`;
  if (busier <= -Math.log2(1.5)) return `${name} is quieter than most this week, so it counts a little more`;
  return `${name} is about as busy as most categories this week`;
}

// One formatter for every count (toLocaleString builds one a call).
const COUNT = new Intl.NumberFormat('en');

export function plural(n: number, noun: string): string {
  return `${COUNT.format(n)} ${noun}${n === 1 ? '' : 's'}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
