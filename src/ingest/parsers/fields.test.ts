import { describe, expect, it } from 'vitest';
import { normalizeSpace } from './fields.ts';

describe('normalizeSpace', () => {
  it('makes every run of whitespace one space, a lone tab, line break or no-break space too', () => {
    expect(normalizeSpace('Deep\n  learning\tfor\r\nproteins\u00a0and\u2003cells')).toBe('Deep learning for proteins and cells');
    expect(normalizeSpace('a \n\t b')).toBe('a b');
  });

  it('trims the ends and drops control characters', () => {
    expect(normalizeSpace('  \n A title\u0000 with\u0007 controls \t')).toBe('A title with controls');
  });

  it('leaves single-spaced text as it is', () => {
    const text = 'Attention Is All You Need: 𝛼-scaling, naïve Bayes — 中文';
    expect(normalizeSpace(text)).toBe(text);
    expect(normalizeSpace('')).toBe('');
  });
});
