import { describe, expect, it } from 'vitest';
import { anyCategoryMatches, categoryMatches, isArxivCategory } from './categories.ts';
import { chunks } from './chunks.ts';

describe('arXiv categories', () => {
  it('accepts categories and archives as arXiv writes them, and nothing else', () => {
    for (const good of ['cs', 'cs.CL', 'hep-th', 'physics.acc-ph', 'q-bio.NC']) expect(isArxivCategory(good)).toBe(true);
    for (const bad of ['', 'CS.CL', 'cs.', 'cs CL', 'cs.CL.x', '*', 'cs;drop']) expect(isArxivCategory(bad)).toBe(false);
  });

  it('matches a category itself, an archive all of its categories, and * everything', () => {
    expect(categoryMatches('cs.CL', 'cs.CL')).toBe(true);
    expect(categoryMatches('cs', 'cs.CL')).toBe(true);
    expect(categoryMatches('*', 'math.AG')).toBe(true);
    expect(categoryMatches('cs.C', 'cs.CL')).toBe(false);
    expect(categoryMatches('c', 'cs.CL')).toBe(false);
    expect(categoryMatches('cs.CL', 'cs')).toBe(false);
    expect(categoryMatches('hep-th', 'hep-th')).toBe(true);
  });

  it('matches a list of rules against any of a paper’s categories; no rules match nothing', () => {
    expect(anyCategoryMatches(['math', 'cs.LG'], ['stat.ML', 'cs.LG'])).toBe(true);
    expect(anyCategoryMatches(['math'], ['stat.ML', 'cs.LG'])).toBe(false);
    expect(anyCategoryMatches([], ['cs.LG'])).toBe(false);
  });
});

describe('chunks', () => {
  it('splits into runs of at most the size, keeping order', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 3)).toEqual([]);
  });
});
