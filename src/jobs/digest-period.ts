import { addDays, type DayRange, weekOf } from '../core/dates.ts';
import type { Frequency } from '../store/subscriptions.ts';

/** One digest edition: its key in the send records, and the days whose papers it covers. */
export interface DigestPeriod {
  /** `daily:YYYY-MM-DD` or `weekly:YYYY-Www`, in the digest time zone. */
  key: string;
  frequency: Frequency;
  /** The local calendar day of the run. */
  day: string;
  /** The days it covers: for a daily digest, up to the run day (narrowed to the latest feed day). */
  range: DayRange;
}

// A daily digest on Monday still finds Friday's feed; older than this is not news.
const DAILY_LOOKBACK_DAYS = 3;

export function digestPeriod(frequency: Frequency, now: Date, timeZone: string): DigestPeriod {
  const day = localDay(now, timeZone);
  return frequency === 'daily'
    ? { key: `daily:${day}`, frequency, day, range: { from: addDays(day, -DAILY_LOOKBACK_DAYS), to: day } }
    : { key: `weekly:${weekOf(day)}`, frequency, day, range: { from: addDays(day, -6), to: day } };
}

/** The calendar day (YYYY-MM-DD) that `now` falls on in a time zone. */
export function localDay(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** "Thu, 5 Mar 2026", for subjects. */
export function longDay(day: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(`${day}T00:00:00Z`));
}
