/**
 * Words and dates as pages show them. Fixed English names instead of Intl: the same output
 * on every machine, and nothing to look up per request.
 */
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2026-03-02` → `Mar 2, 2026` */
export function humanDay(day: string): string {
  const [year, month, date] = day.split('-');
  return `${MONTHS[Number(month) - 1]!.slice(0, 3)} ${Number(date)}, ${year}`;
}

/** `2026-W10` → `Week 10, 2026` */
export function humanWeek(week: string): string {
  const [year, number] = week.split('-W');
  return `Week ${Number(number)}, ${year}`;
}

/** `2026-03` → `March 2026` */
export function humanMonth(month: string): string {
  const [year, number] = month.split('-');
  return `${MONTHS[Number(number) - 1]} ${year}`;
}

/** `Feb 23 – Mar 1, 2026`; both years when the range spans New Year. */
export function humanDayRange(range: { from: string; to: string }): string {
  const from = humanDay(range.from);
  return range.from.slice(0, 4) === range.to.slice(0, 4)
    ? `${from.slice(0, -6)} – ${humanDay(range.to)}`
    : `${from} – ${humanDay(range.to)}`;
}

/** An ISO instant as its UTC day, e.g. `Mar 2, 2026`. */
export function humanInstant(instant: string): string {
  return humanDay(instant.slice(0, 10));
}

const RELATIVE_UNITS: [number, string][] = [
  [365 * 86_400, 'year'],
  [30 * 86_400, 'month'],
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
];

/** How long before `now` an instant was, in the largest whole unit: `3 hours ago`, `just now`. */
export function timeAgo(instant: string, now: Date): string {
  const seconds = Math.floor((now.getTime() - Date.parse(instant)) / 1000);
  for (const [size, unit] of RELATIVE_UNITS) {
    if (seconds >= size) return `${plural(Math.floor(seconds / size), unit)} ago`;
  }
  return 'just now';
}

/** An ISO instant to the minute, in UTC: `Mar 2, 2026, 09:05 UTC`. */
export function exactInstant(instant: string): string {
  return `${humanInstant(instant)}, ${instant.slice(11, 16)} UTC`;
}

/** The first few authors and "et al.", so a card stays one line or two. */
export function shortAuthors(authors: string[], shown = 3): string {
  if (authors.length <= shown + 1) return authors.join(', ');
  return `${authors.slice(0, shown).join(', ')} et al.`;
}

/** The start of a text, cut at a word boundary near `max` characters. */
export function textStart(text: string, max = 300): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  // A single very long "word" (a URL) is cut where it stands rather than dropped.
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut.slice(0, max)).replace(/[\s,;:.]+$/, '')}…`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} ${n === 1 ? one : many}`;
}
