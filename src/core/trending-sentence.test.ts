import { describe, expect, it } from 'vitest';
import { type SentenceEvent, type SentenceInput, trendingSentence, trendingWindowStart } from './trending-sentence.ts';

const now = new Date('2026-03-10T12:00:00.000Z');
const daysBefore = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const upvotes = (count: number, days: number): SentenceEvent => ({ kind: 'upvote', at: daysBefore(days), count });
const source = (count: number, days: number): SentenceEvent => ({ kind: 'source-upvotes', at: daysBefore(days), count });
const commenter = (days: number): SentenceEvent => ({ kind: 'comment', at: daysBefore(days), count: 1 });

const sentence = (events: SentenceEvent[], overrides: Partial<SentenceInput> = {}) =>
  trendingSentence({
    events,
    now,
    windowDays: 7,
    rank: 3,
    category: { name: 'cs.CV', level: 10, medianLevel: 10 },
    categoryWeight: 0.5,
    ...overrides,
  });

describe('the trending explanation in words', () => {
  it('starts the window seven days before now', () => {
    expect(trendingWindowStart(now).toISOString()).toBe('2026-03-03T12:00:00.000Z');
  });

  it('says when most of the upvotes came, and how busy the category is against the median one', () => {
    expect(
      sentence([source(70, 3), upvotes(1, 1), upvotes(1, 0), upvotes(1, 0), upvotes(1, 0), upvotes(1, 0)], {
        category: { name: 'cs.CV', level: 11, medianLevel: 10 },
      }),
    ).toBe('#3 trending: 75 upvotes, most of them 3 days ago; cs.CV is busy this week, so it counts a little less.');
  });

  it('names one event without a quantifier, and all of several on one day', () => {
    expect(sentence([upvotes(1, 0)])).toBe('#3 trending: 1 upvote, today; cs.CV is about as busy as most categories this week.');
    expect(sentence([source(2, 1), commenter(1)], { category: { name: 'math.GT', level: 1, medianLevel: 4 } })).toBe(
      '#3 trending: 2 upvotes and 1 commenter, all of them yesterday; math.GT is quiet this week, so it counts more.',
    );
  });

  it('gives the span when no day holds most of it', () => {
    expect(
      sentence([upvotes(1, 0), upvotes(1, 2), upvotes(1, 5)], { category: { name: 'cs.CL', level: 13, medianLevel: 10 } }),
    ).toBe(
      '#3 trending: 3 upvotes, between 5 days ago and today; cs.CL is among the busiest categories this week, so it counts less.',
    );
  });

  it('leaves the category out when categories are not weighed', () => {
    expect(sentence([upvotes(1, 0)], { categoryWeight: 0 })).toBe('#3 trending: 1 upvote, today.');
  });

  it('never says "no upvotes" beside upvotes: old engagement is named, with the window it falls outside', () => {
    expect(sentence([source(312, 40)], { rank: null })).toBe(
      '312 upvotes, all of them 40 days ago: none in the last 7 days, so it is not on the trending list.',
    );
    expect(sentence([], { rank: null })).toBe('No upvotes or comments yet, so it is not on the trending list.');
  });
});
