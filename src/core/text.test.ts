import { describe, expect, it } from 'vitest';
import { withoutUnprintable } from './text.ts';

describe('withoutUnprintable', () => {
  it('removes C0 and C1 controls but keeps tab, line feed and carriage return', () => {
    expect(withoutUnprintable('a\u0000b\u0001c\u000Bd\u000Ce\u001Ff\u007Fg\u0085h\u009Fi\tj\nk\rl')).toBe('abcdefghi\tj\nk\rl');
  });

  it('removes U+FFFE, U+FFFF and lone surrogates, keeping whole surrogate pairs', () => {
    expect(withoutUnprintable('x\uFFFEy\uFFFFz')).toBe('xyz');
    expect(withoutUnprintable('a\uD800b\uDC00c\uD83D')).toBe('abc');
    expect(withoutUnprintable('emoji 😀 and 𝛼 stay')).toBe('emoji 😀 and 𝛼 stay');
  });

  it('leaves ordinary text, accents and other scripts alone', () => {
    const text = 'Café naïve — Ελληνικά, 中文, עברית';
    expect(withoutUnprintable(text)).toBe(text);
  });
});
