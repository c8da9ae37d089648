import { describe, expect, it } from 'vitest';
import { bars, linePath, niceMax } from '../../src/web/views/chart-geometry.ts';
import { topicsCsv } from '../../src/feeds/topics-csv.ts';

describe('chart geometry', () => {
  it('rounds the axis top up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 2, 3, 7, 10, 11, 41, 250, 1001].map(niceMax)).toEqual([1, 1, 2, 5, 10, 10, 20, 50, 500, 2000]);
  });

  it('draws a line left to right with 0 at the bottom, one point in the middle', () => {
    expect(linePath([0, 5, 10], { width: 100, height: 50, max: 10 })).toBe('M0,50L50,25L100,0');
    expect(linePath([3], { width: 100, height: 50, max: 10 })).toBe('M50,35');
  });

  it('stands bars in equal slots with heights in proportion, an empty scale drawing nothing', () => {
    expect(bars([4, 1, 0], { width: 30, height: 20, max: 4 })).toEqual([
      { x: 0.5, y: 0, width: 9, height: 20 },
      { x: 10.5, y: 15, width: 9, height: 5 },
      { x: 20.5, y: 20, width: 9, height: 0 },
    ]);
    expect(bars([0], { width: 10, height: 20, max: 0 })).toEqual([{ x: 0.5, y: 20, width: 9, height: 0 }]);
  });
});

describe('topicsCsv', () => {
  it('quotes a field holding a comma or a quote (RFC 4180) and ends each row with CRLF', () => {
    expect(
      topicsCsv(
        ['2026-W01', '2026-W02'],
        [
          { label: 'a, b', counts: [1, 0] },
          { label: '"x"', counts: [2, 3] },
        ],
      ),
    ).toBe('week,"a, b","""x"""\r\n2026-W01,1,2\r\n2026-W02,0,3\r\n');
  });
});
