import { describe, expect, it } from 'vitest';
import { highlight, snippet } from './highlight.ts';

describe('highlight', () => {
  it('marks words by their index terms, so inflections match', () => {
    expect(highlight('Modeling models: a MODEL.', { terms: new Set(['model']), phrases: [] })).toEqual([
      { type: 'highlight', text: 'Modeling' },
      { type: 'text', text: ' ' },
      { type: 'highlight', text: 'models' },
      { type: 'text', text: ': a ' },
      { type: 'highlight', text: 'MODEL' },
      { type: 'text', text: '.' },
    ]);
  });

  it('marks a whole phrase occurrence as one segment, stop words and punctuation included', () => {
    expect(highlight('The state-of-the-art results', { terms: new Set(), phrases: [['state', 'of', 'the', 'art']] })).toEqual([
      { type: 'text', text: 'The ' },
      { type: 'highlight', text: 'state-of-the-art' },
      { type: 'text', text: ' results' },
    ]);
  });

  it('leaves text without matches as one text segment, and empty text as none', () => {
    expect(highlight('Nothing here', { terms: new Set(['x']), phrases: [] })).toEqual([{ type: 'text', text: 'Nothing here' }]);
    expect(highlight('', { terms: new Set(['x']), phrases: [] })).toEqual([]);
  });

  it('cuts a snippet around the first highlight at word boundaries', () => {
    const text = `${'lorem ipsum '.repeat(20)}target word ${'dolor sit '.repeat(20)}`;
    const parts = snippet(highlight(text, { terms: new Set(['target']), phrases: [] }), 60);
    const joined = parts.map((p) => p.text).join('');
    expect(parts[0]).toEqual({ type: 'text', text: '… lorem ipsum ' });
    expect(parts.find((p) => p.type === 'highlight')).toEqual({ type: 'highlight', text: 'target' });
    expect(joined.endsWith(' …')).toBe(true);
    expect(joined.length).toBeLessThanOrEqual(64);
  });
});
