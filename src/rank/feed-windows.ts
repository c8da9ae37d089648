/**
 * The windows the feed pages show (a day, an ISO week, a month) and the ones around them:
 * previous/next lead to the nearest window that has papers, in that direction, so neither
 * ever opens an empty week nor one past the latest day with papers.
 */
import { type DayRange, monthOf, parseDay, parseMonth, parseWeek, weekOf } from '../core/dates.ts';
import type { Store } from '../db/connect.ts';
import { neighbourFeedDays } from '../store/feed.ts';

export type WindowUnit = 'day' | 'week' | 'month';

/** The window of `unit` that holds `day`: `2026-03-02`, `2026-W10`, `2026-03`. */
export function windowKey(unit: WindowUnit, day: string): string {
  return unit === 'day' ? day : unit === 'week' ? weekOf(day) : monthOf(day);
}

/** The days a window key spans, or null when the key names no such window. */
export function windowRange(unit: WindowUnit, key: string): DayRange | null {
  if (unit === 'week') return parseWeek(key);
  if (unit === 'month') return parseMonth(key);
  const day = parseDay(key);
  return day === null ? null : { from: day, to: day };
}

/** The nearest windows of the same unit before and after `range` that have papers. */
export async function neighbourWindows(
  store: Store,
  unit: WindowUnit,
  range: DayRange,
): Promise<{ previous: string | null; next: string | null }> {
  const days = await neighbourFeedDays(store, range.from, range.to);
  return {
    previous: days.previous === null ? null : windowKey(unit, days.previous),
    next: days.next === null ? null : windowKey(unit, days.next),
  };
}
