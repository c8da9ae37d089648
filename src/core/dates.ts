/**
 * Calendar arithmetic for feed windows. Days are UTC calendar days written YYYY-MM-DD;
 * weeks are ISO 8601 weeks (Monday first) written YYYY-Www; months YYYY-MM.
 */
export interface DayRange {
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK = /^(\d{4})-W(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Returns the day when `text` is a real calendar date, else null (2025-02-30 is null). */
export function parseDay(text: string): string | null {
  const m = DAY.exec(text);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return formatDay(date) === text ? text : null;
}

export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return formatDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * MS_PER_DAY));
}

/** Number of ISO weeks in an ISO week-year: 53 when Dec 28 falls in week 53. */
function weeksInYear(year: number): number {
  return isoWeekOf(`${year}-12-28`).week;
}

function isoWeekOf(day: string): { year: number; week: number } {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = date.getUTCDay() || 7;
  // The Thursday of this week decides the ISO year.
  const thursday = new Date(date.getTime() + (4 - weekday) * MS_PER_DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / MS_PER_DAY / 7) + 1;
  return { year, week };
}

export function weekOf(day: string): string {
  const { year, week } = isoWeekOf(day);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday..Sunday range of an ISO week, or null when the week does not exist (2024-W54). */
export function parseWeek(text: string): DayRange | null {
  const m = WEEK.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > weeksInYear(year)) return null;
  const jan4 = `${year}-01-04`;
  const jan4Weekday = new Date(`${jan4}T00:00:00Z`).getUTCDay() || 7;
  const from = addDays(jan4, (week - 1) * 7 - (jan4Weekday - 1));
  return { from, to: addDays(from, 6) };
}

export function monthOf(day: string): string {
  return day.slice(0, 7);
}

export function parseMonth(text: string): DayRange | null {
  const m = MONTH.exec(text);
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  const from = `${m[1]}-${m[2]}-01`;
  const last = new Date(Date.UTC(Number(m[1]), month, 0));
  return { from, to: formatDay(last) };
}

export function shiftWeek(week: string, n: number): string {
  const range = parseWeek(week);
  if (!range) throw new Error(`not an ISO week: ${week}`);
  return weekOf(addDays(range.from, 7 * n));
}

export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(y, m - 1 + n, 1));
  return date.toISOString().slice(0, 7);
}
