import { describe, expect, it } from 'vitest';
import { type ParsedQuery, parseQuery } from './query-parser.ts';

const parsed = (fields: Partial<ParsedQuery>): ParsedQuery => ({
  arxivId: null,
  words: [],
  phrases: [],
  excludedWords: [],
  excludedPhrases: [],
  authors: [],
  ...fields,
});

describe('parseQuery', () => {
  it('reads plain words', () => {
    expect(parseQuery('  sparse   routing ')).toEqual(parsed({ words: ['sparse', 'routing'] }));
  });

  it('reads phrases, exclusions and author filters', () => {
    expect(parseQuery('"mixture of experts" routing -dense -"large language" author:"Kenji Sato" author:Lima')).toEqual(
      parsed({
        words: ['routing'],
        phrases: ['mixture of experts'],
        excludedWords: ['dense'],
        excludedPhrases: ['large language'],
        authors: ['Kenji Sato', 'Lima'],
      }),
    );
  });

  it('treats typographic quotes as quotes', () => {
    expect(parseQuery('“state space”')).toEqual(parsed({ phrases: ['state space'] }));
  });

  it('jumps to a paper named by id or URL', () => {
    expect(parseQuery('2401.12345v2').arxivId).toBe('2401.12345');
    expect(parseQuery(' arXiv:2401.12345 ').arxivId).toBe('2401.12345');
    expect(parseQuery('https://arxiv.org/pdf/2401.12345v1.pdf').arxivId).toBe('2401.12345');
    expect(parseQuery('hep-th/9901001').arxivId).toBe('hep-th/9901001');
    expect(parseQuery('2401.12345 transformers').arxivId).toBeNull();
  });

  it('keeps a hyphen inside a word and a lone hyphen as words', () => {
    expect(parseQuery('fine-tuning - x')).toEqual(parsed({ words: ['fine-tuning', '-', 'x'] }));
  });

  it('ignores a lone quote and reads the rest as words', () => {
    expect(parseQuery('"unclosed phrase')).toEqual(parsed({ words: ['unclosed', 'phrase'] }));
    expect(parseQuery('a " b')).toEqual(parsed({ words: ['a', 'b'] }));
  });

  it('reads search-engine syntax as words', () => {
    expect(parseQuery('NEAR(a b) title:x* ^2 \\ AND OR NOT (')).toEqual(
      parsed({ words: ['NEAR(a', 'b)', 'title:x*', '^2', '\\', 'AND', 'OR', 'NOT', '('] }),
    );
  });

  it('reads an empty author filter as a word', () => {
    expect(parseQuery('author: smith')).toEqual(parsed({ words: ['author:', 'smith'] }));
    expect(parseQuery('author:"" x')).toEqual(parsed({ words: ['x'] }));
  });

  it('treats control characters as spaces', () => {
    expect(parseQuery('a\u0000b\u0007c')).toEqual(parsed({ words: ['a', 'b', 'c'] }));
  });
});
