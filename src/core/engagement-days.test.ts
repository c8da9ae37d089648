import { describe, expect, it } from 'vitest';
import { engagementSentence, everyDay } from './engagement-days.ts';

const day = (d: string, upvotes: number, comments = 0) => ({ day: d, upvotes, comments });

describe('everyDay', () => {
  it('fills the days without engagement with zeros, across a month end', () => {
    expect(everyDay([day('2026-02-27', 2), day('2026-03-02', 0, 1)], '2026-02-27', '2026-03-02')).toEqual([
      day('2026-02-27', 2),
      day('2026-02-28', 0),
      day('2026-03-01', 0),
      day('2026-03-02', 0, 1),
    ]);
  });
});

describe('engagementSentence', () => {
  it('counts upvotes and comments over the days from first to last, naming the busiest (the earlier of equals)', () => {
    const rows = [day('2026-11-23', 1), day('2026-11-25', 4, 1), day('2026-11-27', 5), day('2026-11-27', 0)];
    expect(engagementSentence(rows, 0)).toBe('10 upvotes and 1 comment here over 5 days, most on Nov 25.');
  });

  it('says when everything came on one day, and names source upvotes apart', () => {
    expect(engagementSentence([day('2026-11-27', 0, 2)], 12)).toBe(
      '2 comments here, all on Nov 27. Before these, 12 upvotes came from Hugging Face, which keeps no day-by-day history.',
    );
    expect(engagementSentence([], 1)).toBe(
      '1 upvote came from Hugging Face, which keeps no day-by-day history. No upvotes or comments here yet.',
    );
    expect(engagementSentence([], 0)).toBe('No upvotes or comments here yet.');
  });
});
