/**
 * A paper's engagement day by day, as its charts draw it and its sentence tells it
 * ("12 upvotes and 3 comments over 5 days, most on Nov 27"). Pure: the caller reads the rows
 * (src/store/engagement-days.ts) and the clock. Days are UTC calendar days, YYYY-MM-DD.
 */
import { addDays } from './dates.ts';
import { capitalise, plural } from './trending-sentence.ts';

export interface DayEngagement {
  day: string;
  upvotes: number;
  comments: number;
}

/** Every day from `from` to `to` inclusive, with the rows' counts (zero where none). */
export function everyDay(rows: DayEngagement[], from: string, to: string): DayEngagement[] {
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const days: DayEngagement[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const row = byDay.get(day);
    days.push({ day, upvotes: row?.upvotes ?? 0, comments: row?.comments ?? 0 });
  }
  return days;
}

/** `2026-11-27` → `Nov 27` */
export function monthAndDay(day: string): string {
  return MONTH_AND_DAY.format(new Date(`${day}T00:00:00Z`));
}

// One formatter for every call: toLocaleDateString builds one each time (~40 µs; the trending page's sparklines call it hundreds of times).
const MONTH_AND_DAY = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/**
 * The days in words: how many upvotes and comments, over how many days (first to last, both
 * counted), and the busiest day (the earliest of equals). Source upvotes came as one count
 * without dates, so the sentence names them apart.
 */
export function engagementSentence(rows: DayEngagement[], sourceUpvotes: number): string {
  const active = rows.filter((row) => row.upvotes + row.comments > 0);
  const source =
    sourceUpvotes > 0 ? `${plural(sourceUpvotes, 'upvote')} came from Hugging Face, which keeps no day-by-day history.` : '';
  if (active.length === 0) return `${source ? `${capitalise(source)} ` : ''}No upvotes or comments here yet.`;
  const upvotes = active.reduce((sum, row) => sum + row.upvotes, 0);
  const comments = active.reduce((sum, row) => sum + row.comments, 0);
  const counts = [upvotes > 0 ? plural(upvotes, 'upvote') : '', comments > 0 ? plural(comments, 'comment') : '']
    .filter(Boolean)
    .join(' and ');
  const first = active[0]!.day;
  const last = active[active.length - 1]!.day;
  let busiest = active[0]!;
  for (const row of active) if (row.upvotes + row.comments > busiest.upvotes + busiest.comments) busiest = row;
  const span = Math.round((Date.parse(last) - Date.parse(first)) / 86_400_000) + 1;
  const here =
    first === last
      ? `${counts} here, all on ${monthAndDay(first)}.`
      : `${counts} here over ${span} days, most on ${monthAndDay(busiest.day)}.`;
  return `${capitalise(here)}${source ? ` Before these, ${source}` : ''}`;
}
