import { describe, expect, it } from 'vitest';
import { addDays, parseDay, parseMonth, parseWeek, shiftMonth, shiftWeek, weekOf } from './dates.ts';

describe('feed windows', () => {
  it('accepts only real calendar days', () => {
    expect(parseDay('2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2025-02-30', '2025-13-01', 'yesterday', '2025-1-01', '2025-02-29']) expect(parseDay(bad)).toBeNull();
  });

  it('maps ISO weeks to Monday..Sunday, including weeks that straddle a year', () => {
    expect(parseWeek('2026-W01')).toEqual({ from: '2025-12-29', to: '2026-01-04' });
    expect(parseWeek('2020-W53')).toEqual({ from: '2020-12-28', to: '2021-01-03' });
    expect(parseWeek('2024-W52')).toEqual({ from: '2024-12-23', to: '2024-12-29' });
    expect(parseWeek('2024-W54')).toBeNull();
    expect(parseWeek('2024-W53')).toBeNull();
    expect(parseWeek('2024-W00')).toBeNull();
    expect(weekOf('2021-01-03')).toBe('2020-W53');
    expect(shiftWeek('2020-W53', 1)).toBe('2021-W01');
  });

  it('maps months and steps across years', () => {
    expect(parseMonth('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(parseMonth('2024-13')).toBeNull();
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  });
});
