import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRENDING,
  decayedAmount,
  engagementEvents,
  engagementLevel,
  halfLivesSinceEpoch,
  log2SumExp2,
  sourceUpvotesAt,
  trendingScore,
} from './trending.ts';

const settings = DEFAULT_TRENDING; // H = 48 h, comment 0.5, α = 0.5
const hoursAfterEpoch = (h: number) => new Date(Date.UTC(2020, 0, 1) + h * 3_600_000).toISOString();

describe('trending formula', () => {
  it('counts time in half-lives since 2020-01-01', () => {
    expect(halfLivesSinceEpoch('2020-01-01T00:00:00.000Z', settings)).toBe(0);
    expect(halfLivesSinceEpoch(hoursAfterEpoch(96), settings)).toBe(2);
  });

  it('adds events in log space without overflowing', () => {
    expect(log2SumExp2([])).toBeNull();
    expect(log2SumExp2([3, 3])).toBe(4);
    // 2^1100 is beyond a double; the sum still comes out exactly.
    expect(log2SumExp2([1100, 1100, 1101])).toBe(1102);
  });

  it('weighs an upvote 1 and a comment 0.5, and a vote one half-life later twice as much', () => {
    expect(engagementLevel([{ at: hoursAfterEpoch(48), weight: 1 }], settings)).toBe(1);
    expect(
      engagementLevel(
        [
          { at: hoursAfterEpoch(48), weight: 1 },
          { at: hoursAfterEpoch(48), weight: 1 },
        ],
        settings,
      ),
    ).toBe(2);
    expect(engagementLevel([{ at: hoursAfterEpoch(96), weight: 0.5 }], settings)).toBe(1);
    expect(engagementLevel([{ at: hoursAfterEpoch(0), weight: 0 }], settings)).toBeNull();
  });

  it('subtracts the weighted category level', () => {
    expect(trendingScore(10, 12, settings)).toBe(4);
    expect(trendingScore(10, 12, { ...settings, categoryWeight: 0 })).toBe(10);
    expect(trendingScore(null, 12, settings)).toBeNull();
  });

  it('reads a level back as the engagement left at a given time', () => {
    // Four upvotes cast at hour 0, seen 96 hours (two half-lives) later: one vote's worth.
    const level = engagementLevel(
      Array.from({ length: 4 }, () => ({ at: hoursAfterEpoch(0), weight: 1 })),
      settings,
    );
    expect(decayedAmount(level, new Date(hoursAfterEpoch(96)), settings)).toBe(1);
    expect(decayedAmount(null, new Date(), settings)).toBe(0);
  });

  it('ranks a small category’s favourite above a flooded category’s fifth paper', () => {
    const at = hoursAfterEpoch(48);
    const votes = (n: number) => Array.from({ length: n }, () => ({ at, weight: 1 }));
    // cs.CV: five papers with 16 votes each (category level log2 80); math.GT: one paper with 4.
    const cv = engagementLevel(votes(16), settings)!;
    const gt = engagementLevel(votes(4), settings)!;
    const cvCategory = log2SumExp2(Array(5).fill(cv))!;
    expect(trendingScore(cv, cvCategory, settings)).toBeCloseTo(5 - 0.5 * Math.log2(80 * 2), 12);
    expect(trendingScore(gt, gt, settings)).toBe(1.5);
    expect(trendingScore(gt, gt, settings)!).toBeGreaterThan(trendingScore(cv, cvCategory, settings)!);
  });
});

describe('engagement events', () => {
  it('counts each upvote as 1, each first comment as the comment weight, the source count at once', () => {
    const source = {
      count: 42,
      feedDay: '2026-03-01',
      publishedAt: '2026-02-27T10:00:00.000Z',
      createdAt: '2026-03-02T00:00:00.000Z',
    };
    expect(
      engagementEvents({ upvotes: ['2026-03-02T09:00:00.000Z'], firstComments: ['2026-03-02T10:00:00.000Z'], source }, settings),
    ).toEqual([
      { kind: 'upvote', at: '2026-03-02T09:00:00.000Z', weight: 1 },
      { kind: 'comment', at: '2026-03-02T10:00:00.000Z', weight: 0.5 },
      { kind: 'source-upvotes', at: '2026-03-01T00:00:00.000Z', weight: 42 },
    ]);
    expect(engagementEvents({ upvotes: [], firstComments: [], source: { ...source, count: 0 } }, settings)).toEqual([]);
  });

  it('dates source upvotes by the feed day, else the publication, else when the paper was stored', () => {
    const paper = { count: 5, feedDay: null, publishedAt: '2026-02-27T10:00:00.000Z', createdAt: '2026-03-02T00:00:00.000Z' };
    expect(sourceUpvotesAt({ ...paper, feedDay: '2026-03-01' })).toBe('2026-03-01T00:00:00.000Z');
    expect(sourceUpvotesAt(paper)).toBe('2026-02-27T10:00:00.000Z');
    expect(sourceUpvotesAt({ ...paper, publishedAt: null })).toBe('2026-03-02T00:00:00.000Z');
  });
});
