import { describe, expect, it } from 'vitest';
import { parseTopicQuery, splitTerms, TopicQueryError } from './topic-query.ts';

const now = new Date('2026-11-29T12:00:00Z');

describe('splitTerms', () => {
  it('splits at commas outside quotes and trims each term', () => {
    expect(splitTerms('diffusion, "state space, again",cat:cs.CL')).toEqual(['diffusion', '"state space, again"', 'cat:cs.CL']);
  });
});

describe('parseTopicQuery', () => {
  it('reads words, phrases and categories, and turns months into whole ISO weeks', () => {
    const query = parseTopicQuery({ terms: 'diffusion,"state space",CAT:cs.CL', from: '2026-01', to: '2026-02' }, now);
    expect(query.terms).toEqual([
      { label: 'diffusion', kind: 'words', query: 'diffusion' },
      { label: '"state space"', kind: 'words', query: '"state space"' },
      { label: 'cat:cs.CL', kind: 'category', category: 'cs.CL' },
    ]);
    // Jan 1, 2026 is a Thursday (2026-W01 starts Dec 29, 2025); Feb 28 is a Saturday in 2026-W09.
    expect(query.days).toEqual({ from: '2025-12-29', to: '2026-03-01' });
    expect(query.weeks).toHaveLength(9);
    expect([query.weeks[0], query.weeks[8]]).toEqual(['2026-W01', '2026-W09']);
  });

  it('takes years, weeks and days too, and defaults to the last 52 weeks', () => {
    expect(parseTopicQuery({ from: '2025', to: '2025-W02' }, now).weeks).toEqual(['2025-W01', '2025-W02']);
    expect(parseTopicQuery({ from: '2026-03-04', to: '2026-03-04' }, now).days).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    const defaults = parseTopicQuery({}, now);
    expect(defaults.weeks).toHaveLength(52);
    expect(defaults.weeks[51]).toBe('2026-W48');
    expect(defaults.terms.map((t) => t.label)).toEqual(['diffusion', '"state space"', 'cat:cs.CL']);
  });

  it('allows 8 terms and 261 weeks, and refuses one more of either', () => {
    expect(parseTopicQuery({ terms: 'a,b,c,d,e,f,g,h' }, now).terms).toHaveLength(8);
    expect(parseTopicQuery({ from: '2021-W48', to: '2026-W48' }, now).weeks).toHaveLength(261);
    expect(() => parseTopicQuery({ from: '2021-W47', to: '2026-W48' }, now)).toThrow(
      new TopicQueryError('The range spans 262 weeks; at most 261 (5 years) at once.'),
    );
    // Eight thousand years: refused from the count, without listing 421,282 weeks.
    expect(() => parseTopicQuery({ from: '1926-01', to: '9999' }, now)).toThrow(/^The range spans 421282 weeks; at most 261/);
  });

  it.each([
    ['a blank term', { terms: 'a, ,b' }, 'Term 2 is empty: write a word, a "phrase" or cat:cs.CL between the commas.'],
    ['empty quotes', { terms: '""' }, 'Term 1 is empty: write a word, a "phrase" or cat:cs.CL between the commas.'],
    ['a long term', { terms: 'x'.repeat(101) }, 'Term 1 is longer than 100 characters.'],
    [
      'a bare cat:',
      { terms: 'cat:' },
      'Term 1, “cat:”, is not an arXiv category: write cat:cs.CL, or cat:cs for a whole archive.',
    ],
    ['a year before 1900', { from: '0099-01' }, '“from” must be in 1900 or later; papers are not that old.'],
    [
      'a month that does not exist',
      { to: '2026-13' },
      '“to” must be a year (2026), a month (2026-01), an ISO week (2026-W05) or a day (2026-01-15); “2026-13” is none of these.',
    ],
  ])('refuses %s in words', (_, input, message) => {
    expect(() => parseTopicQuery(input, now)).toThrow(new TopicQueryError(message));
  });
});
