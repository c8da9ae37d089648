import { describe, expect, it } from 'vitest';
import { type SearchQuery, SearchQueryError, validateSearchQuery } from './search-query.ts';

const invalid = (query: unknown) => {
  try {
    validateSearchQuery(query as SearchQuery);
  } catch (error) {
    if (error instanceof SearchQueryError) return { parameter: error.parameter, message: error.message };
    throw error;
  }
  throw new Error('expected a SearchQueryError');
};

describe('validateSearchQuery', () => {
  it('fills defaults', () => {
    expect(validateSearchQuery({ q: 'x', limit: 20 })).toEqual({
      q: 'x',
      limit: 20,
      offset: 0,
      sort: 'relevance',
      from: undefined,
      to: undefined,
      category: undefined,
      hasCode: undefined,
    });
  });

  it('requires q', () => {
    expect(invalid({ limit: 20 })).toEqual({ parameter: 'q', message: 'q is required: the text to search for' });
    expect(invalid({ q: '   ', limit: 20 }).parameter).toBe('q');
    expect(invalid({ q: 42, limit: 20 }).parameter).toBe('q');
  });

  it('allows 250 characters and refuses 251, naming the limit', () => {
    expect(validateSearchQuery({ q: 'a'.repeat(250), limit: 1 }).q).toHaveLength(250);
    expect(validateSearchQuery({ q: '😀'.repeat(250), limit: 1 }).q).toHaveLength(500);
    expect(invalid({ q: 'a'.repeat(251), limit: 20 })).toEqual({ parameter: 'q', message: 'q must be at most 250 characters' });
  });

  it('checks limit, offset, dates, category, hasCode and sort', () => {
    expect(invalid({ q: 'x', limit: 0 })).toEqual({ parameter: 'limit', message: 'limit must be an integer from 1 to 120' });
    expect(invalid({ q: 'x', limit: 121 }).parameter).toBe('limit');
    expect(invalid({ q: 'x', limit: 1.5 }).parameter).toBe('limit');
    expect(invalid({ q: 'x', limit: '20' }).parameter).toBe('limit');
    expect(invalid({ q: 'x', limit: 20, offset: -1 }).parameter).toBe('offset');
    expect(invalid({ q: 'x', limit: 20, from: '2026-02-30' })).toEqual({
      parameter: 'from',
      message: 'from must be a date written YYYY-MM-DD',
    });
    expect(invalid({ q: 'x', limit: 20, to: '20260301' }).parameter).toBe('to');
    expect(invalid({ q: 'x', limit: 20, from: '2026-03-02', to: '2026-03-01' }).parameter).toBe('from');
    expect(invalid({ q: 'x', limit: 20, category: 'cs CL' }).parameter).toBe('category');
    expect(invalid({ q: 'x', limit: 20, hasCode: 'yes' }).parameter).toBe('hasCode');
    expect(invalid({ q: 'x', limit: 20, sort: 'votes' }).parameter).toBe('sort');
  });
});
