/**
 * The question `/papers/topics` answers: how many papers a few terms match, ISO week by ISO
 * week. Read from untrusted query parameters and bounded, since anyone may ask: at most
 * MAX_TOPIC_TERMS terms, each at most MAX_TERM_LENGTH characters, over at most
 * MAX_TOPIC_WEEKS weeks. Pure: the caller passes the clock.
 */
import { isArxivCategory } from './categories.ts';
import { addDays, formatDay, parseDay, parseMonth, parseWeek, weekOf, type DayRange } from './dates.ts';
import { MAX_CATEGORY_LENGTH } from './search-query.ts';

export const MAX_TOPIC_TERMS = 8;
export const MAX_TERM_LENGTH = 100;
/** Five years of ISO weeks (a year has 52 or 53). */
export const MAX_TOPIC_WEEKS = 5 * 52 + 1;
/** Weeks shown when no range is given: the last year, this week included. */
export const DEFAULT_TOPIC_WEEKS = 52;
export const DEFAULT_TOPIC_TERMS = 'diffusion,"state space",cat:cs.CL';

/** One line of the chart: words matched as the search box matches them, or `cat:` an arXiv category or archive. */
export type TopicTerm = { label: string; kind: 'words'; query: string } | { label: string; kind: 'category'; category: string };

export interface TopicQuery {
  terms: TopicTerm[];
  /** ISO weeks, oldest first; the range is whole weeks, Monday to Sunday. */
  weeks: string[];
  days: DayRange;
}

/** The parameters as given (strings, or absent), for the form to show them again. */
export interface TopicInput {
  terms?: string;
  from?: string;
  to?: string;
}

export class TopicQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TopicQueryError';
  }
}

const CATEGORY_PREFIX = /^cat:/i;
const MS_PER_WEEK = 7 * 86_400_000;

export function parseTopicQuery(input: TopicInput, now: Date): TopicQuery {
  const terms = splitTerms(input.terms ?? DEFAULT_TOPIC_TERMS).map(topicTerm);
  if (terms.length > MAX_TOPIC_TERMS) {
    throw new TopicQueryError(`At most ${MAX_TOPIC_TERMS} terms at once; ${terms.length} were given.`);
  }
  const days = topicDays(input, now);
  // Counted before any week is listed: a range of centuries is refused without walking it.
  const count = Math.round((Date.parse(days.to) - Date.parse(days.from)) / MS_PER_WEEK + 1 / 7);
  if (count > MAX_TOPIC_WEEKS) {
    throw new TopicQueryError(`The range spans ${count} weeks; at most ${MAX_TOPIC_WEEKS} (5 years) at once.`);
  }
  const weeks: string[] = [];
  for (let monday = days.from; monday <= days.to; monday = addDays(monday, 7)) weeks.push(weekOf(monday));
  return { terms, weeks, days };
}

/** Terms separated by commas; a comma inside double quotes belongs to a phrase. */
export function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      terms.push(current.trim());
      current = '';
    } else current += ch;
  }
  terms.push(current.trim());
  return terms;
}

function topicTerm(text: string, i: number): TopicTerm {
  const label = text.replace(/\s+/g, ' ');
  if (label === '' || label === '""')
    throw new TopicQueryError(`Term ${i + 1} is empty: write a word, a "phrase" or cat:cs.CL between the commas.`);
  if ([...label].length > MAX_TERM_LENGTH) {
    throw new TopicQueryError(`Term ${i + 1} is longer than ${MAX_TERM_LENGTH} characters.`);
  }
  if (!CATEGORY_PREFIX.test(label)) return { label, kind: 'words', query: label };
  const category = label.slice(4).trim();
  if (category.length > MAX_CATEGORY_LENGTH || !isArxivCategory(category)) {
    throw new TopicQueryError(
      `Term ${i + 1}, “${label}”, is not an arXiv category: write cat:cs.CL, or cat:cs for a whole archive.`,
    );
  }
  return { label: `cat:${category}`, kind: 'category', category };
}

/** The whole weeks from `from`'s first day to `to`'s last; a year of weeks to this week by default. */
function topicDays(input: TopicInput, now: Date): DayRange {
  const from = input.from === undefined ? null : periodOf('from', input.from);
  const to = input.to === undefined ? null : periodOf('to', input.to);
  const lastDay = to?.to ?? formatDay(now);
  const firstDay = from?.from ?? addDays(lastDay, 7 * (1 - DEFAULT_TOPIC_WEEKS));
  if (firstDay > lastDay) throw new TopicQueryError(`“from” (${input.from ?? firstDay}) is after “to” (${input.to ?? lastDay}).`);
  const monday = parseWeek(weekOf(firstDay))!.from;
  const sunday = parseWeek(weekOf(lastDay))!.to;
  return { from: monday, to: sunday };
}

/** A year, month, ISO week or day as the days it spans. */
function periodOf(name: 'from' | 'to', text: string): DayRange {
  const year = /^\d{4}$/.test(text) ? { from: `${text}-01-01`, to: `${text}-12-31` } : null;
  const day = parseDay(text);
  const range = year ?? parseMonth(text) ?? parseWeek(text) ?? (day ? { from: day, to: day } : null);
  if (!range) {
    throw new TopicQueryError(
      `“${name}” must be a year (2026), a month (2026-01), an ISO week (2026-W05) or a day (2026-01-15); “${text.slice(0, 40)}” is none of these.`,
    );
  }
  // Week arithmetic wants four-digit ISO years, and JavaScript reads years 0–99 as 1900–1999.
  if (range.from < '1900') throw new TopicQueryError(`“${name}” must be in 1900 or later; papers are not that old.`);
  return range;
}
