import { describe, expect, it } from 'vitest';
import { daysFetched, hfDaysToFetch } from './hf-daily-follow.ts';

const WINDOW = { backfillDays: 5, refreshDays: 2 };
const plan = (from: string | null, to: string | null, today: string) =>
  hfDaysToFetch({ from, to }, today, WINDOW).map((d) => `${d.day.slice(5)}:${d.extends}`);

describe('hfDaysToFetch', () => {
  it('backfills a fresh hub newest first, so the feed fills from today', () => {
    expect(plan(null, null, '2026-01-10')).toEqual(['01-10:both', '01-09:from', '01-08:from', '01-07:from', '01-06:from']);
  });

  it('resumes an interrupted backfill after refreshing the days it has', () => {
    expect(plan('2026-01-09', '2026-01-10', '2026-01-10')).toEqual([
      '01-10:none',
      '01-09:none',
      '01-08:from',
      '01-07:from',
      '01-06:from',
    ]);
  });

  it('once complete, fetches the new days in order, then refreshes the rest of the last refreshDays', () => {
    expect(plan('2026-01-06', '2026-01-10', '2026-01-11')).toEqual(['01-11:to', '01-10:none']);
    expect(plan('2026-01-06', '2026-01-10', '2026-01-12')).toEqual(['01-11:to', '01-12:to']);
    expect(plan('2026-01-06', '2026-01-10', '2026-01-10')).toEqual(['01-10:none', '01-09:none']);
  });

  it('starts over when what it has left the window (a hub that was off for weeks)', () => {
    expect(plan('2025-12-01', '2025-12-20', '2026-01-10')[0]).toBe('01-10:both');
  });

  it('counts the days fetched without a gap', () => {
    expect(daysFetched({ from: null, to: null })).toBe(0);
    expect(daysFetched({ from: '2026-01-01', to: '2026-01-12' })).toBe(12);
  });
});
