import { describe, expect, it } from 'vitest';
import { fold, forEachTerm, queryTerms, tokenize } from './analyzer.ts';

const terms = (text: string, skipStopWords = true) => {
  const out: string[] = [];
  forEachTerm(text, skipStopWords, (t) => out.push(t));
  return out;
};

describe('analyzer', () => {
  it('splits on anything but letters and digits, folds case and diacritics, stems', () => {
    expect(terms('Schrödinger-equation MODELS, fine-tuning (3.5B)')).toEqual([
      'schroding',
      'equat',
      'model',
      'fine',
      'tune',
      '3',
      '5b',
    ]);
  });

  it('drops stop words from text and queries but keeps them in author names', () => {
    expect(terms('The state of the art')).toEqual(['state', 'art']);
    expect(terms('An Will', false)).toEqual(['an', 'will']);
    expect(queryTerms('AND OR NOT the')).toEqual([]);
  });

  it('keeps scripts without case and right-to-left text as words', () => {
    expect(terms('نموذج لغوي 大型语言模型')).toEqual(['نموذج', 'لغوي', '大型语言模型']);
  });

  it('never indexes emoji, control characters or over-long tokens', () => {
    expect(terms('🚀\u0000\u0007 ok 😀')).toEqual(['ok']);
    expect(terms('x'.repeat(65))).toEqual([]);
    expect(terms('x'.repeat(64))).toEqual(['x'.repeat(64)]);
  });

  it('gives tokens with offsets into the original text, stop words included', () => {
    expect(tokenize('Über Models of')).toEqual([
      { term: 'uber', start: 0, end: 4 },
      { term: 'model', start: 5, end: 11 },
      { term: 'of', start: 12, end: 14 },
    ]);
  });

  it('indexes and highlights the same words: tokenize and forEachTerm agree', () => {
    const text = 'Ég ́x e\u0301te Ångström 😀 naïve—co-operation ǅemal İstanbul';
    expect(tokenize(text).map((t) => t.term)).toEqual(terms(text, false));
  });

  it('folds by decomposition', () => {
    expect(fold('Çağ')).toBe('cag');
  });
});
