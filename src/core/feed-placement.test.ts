import { describe, expect, it } from 'vitest';
import { importPlacement } from './feed-placement.ts';
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
  it('puts a curated record on its own day, rank and submitter, at its own moment, new or not', () => {
    const expected = { day: '2026-02-27', source: 'hf', rank: 3, submittedBy: 'akhaliq', enteredAt: '2026-02-27T04:05:06.000Z' };
    expect(importPlacement(curated, factsOf(curated), true, [], now)).toEqual(expected);
    expect(importPlacement(curated, factsOf(curated), false, [], now)).toEqual(expected);
  });

  it('puts a new paper that a feed rule covers on its listing day', () => {
    expect(importPlacement(listed, factsOf(listed), true, ['cs'], now)).toEqual({
      day: '2026-03-01',
      source: 'rule',
      rank: null,
      submittedBy: null,
      enteredAt: null,
    });
    expect(importPlacement(listed, factsOf(listed), true, ['*'], now)?.day).toBe('2026-03-01');
  });

  it('falls back to the publication day, then today, when the paper was never listed', () => {
    const published = paperRecord({ id: '1', title: 'P', categories: ['cs.CL'], publishedAt: '2026-02-20T08:00:00.000Z' });
    expect(importPlacement(published, factsOf(published), true, ['cs.CL'], now)?.day).toBe('2026-02-20');
    const bare = paperRecord({ id: '2', title: 'B', categories: ['cs.CL'] });
    expect(importPlacement(bare, factsOf(bare), true, ['cs.CL'], now)?.day).toBe('2026-03-02');
  });

  it('leaves off the feeds a paper seen before, or one no rule covers', () => {
    expect(importPlacement(listed, factsOf(listed), false, ['cs'], now)).toBeNull();
    expect(importPlacement(listed, factsOf(listed), true, ['math', 'cs.CV'], now)).toBeNull();
    expect(importPlacement(listed, factsOf(listed), true, [], now)).toBeNull();
  });
});
