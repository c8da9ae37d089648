import { describe, expect, it } from 'vitest';
import { importPlacement, rulePlacement } from './feed-placement.ts';
import { factsOf } from './paper-merge.ts';
import { paperRecord } from './paper.ts';

const now = new Date('2026-03-02T12:00:00Z');
const listed = paperRecord({ id: '2603.00001', title: 'Listed', categories: ['cs.CL', 'cs.LG'], listedOn: '2026-03-01' });
const curated = paperRecord({
  id: '2603.00002',
  title: 'Curated',
  categories: ['math.AG'],
  feed: { day: '2026-02-27', rank: 3, submittedBy: 'akhaliq', submittedAt: '2026-02-27T04:05:06.000Z' },
});

describe('importPlacement', () => {
  it('puts a curated record on its own day, rank and submitter, whatever the rule', () => {
    const expected = { day: '2026-02-27', source: 'hf', rank: 3, submittedBy: 'akhaliq', enteredAt: '2026-02-27T04:05:06.000Z' };
    expect(importPlacement(curated, factsOf(curated), [], now)).toEqual(expected);
  });

  it('puts a paper that a feed rule covers on its listing day, by the rule alone for a stored paper', () => {
    expect(importPlacement(listed, factsOf(listed), ['cs'], now)).toEqual({
      day: '2026-03-01',
      source: 'rule',
      rank: null,
      submittedBy: null,
      enteredAt: null,
    });
    expect(importPlacement(listed, factsOf(listed), ['*'], now)?.day).toBe('2026-03-01');
    expect(rulePlacement(factsOf(listed), ['cs.LG'], now)).toEqual({
      day: '2026-03-01',
      source: 'rule',
      rank: null,
      submittedBy: null,
      enteredAt: null,
    });
    expect(rulePlacement(factsOf(curated), ['cs'], now)).toBeNull();
  });

  it('falls back to the publication day, then today, when the paper was never listed', () => {
    const published = paperRecord({ id: '1', title: 'P', categories: ['cs.CL'], publishedAt: '2026-02-20T08:00:00.000Z' });
    expect(importPlacement(published, factsOf(published), ['cs.CL'], now)?.day).toBe('2026-02-20');
    const bare = paperRecord({ id: '2', title: 'B', categories: ['cs.CL'] });
    expect(importPlacement(bare, factsOf(bare), ['cs.CL'], now)?.day).toBe('2026-03-02');
  });

  it('leaves off the feeds a paper no rule covers', () => {
    expect(importPlacement(listed, factsOf(listed), ['math', 'cs.CV'], now)).toBeNull();
    expect(importPlacement(listed, factsOf(listed), [], now)).toBeNull();
  });
});
