import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, SearchQueryError, searchPapers } from '../../src/search/index.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { seedSearchCorpus } from './fixtures.ts';

/** Park–Miller: a seeded generator, so a failure here fails the same way on every run. */
function random(seed: number) {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

const SYNTAX = [
  '"',
  "'",
  '-',
  '*',
  ':',
  '(',
  ')',
  '^',
  '\\',
  '+',
  '~',
  '{',
  '}',
  '[',
  ']',
  'NEAR(',
  'AND',
  'OR',
  'NOT',
  'author:',
  'title:',
  '%',
  '_',
  ';',
  '--',
  '/*',
  '\u0000',
  '\u001b',
  '\t',
  '\n',
];
const WORDS = [
  'routing',
  'models',
  'language',
  'quantum',
  'large',
  'the',
  'of',
  'state',
  'art',
  'Lima',
  'Kenji',
  'Sato',
  'networks',
  'survey',
  '2601.00003',
  'arxiv.org/abs/2601.00001',
];
const UNICODE = [
  'é',
  'ß',
  'İ',
  'ǅ',
  '\u0301',
  'نموذج',
  'מודל',
  '大型语言模型',
  '🚀',
  '👩‍🔬',
  '\u202E',
  '\u200B',
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  '\u{10FFFF}',
  'Ⅻ',
  '①',
  '\u00A0',
];

function randomQuery(next: () => number): string {
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
  const kind = next();
  if (kind < 0.05) return pick([' ', '', '\t\n', '"'.repeat(1 + Math.floor(next() * 300))]);
  if (kind < 0.1)
    return pick(WORDS)
      .repeat(1 + Math.floor(next() * 40))
      .slice(0, 240 + Math.floor(next() * 20));
  const parts: string[] = [];
  const length = Math.floor(next() * 12);
  for (let i = 0; i < length; i++) {
    const r = next();
    if (r < 0.35) parts.push(pick(WORDS));
    else if (r < 0.65) parts.push(pick(SYNTAX));
    else if (r < 0.85) parts.push(pick(UNICODE));
    else parts.push(String.fromCharCode(32 + Math.floor(next() * 95)).repeat(1 + Math.floor(next() * 3)));
    if (next() < 0.6) parts.push(' ');
  }
  return parts.join('');
}

const QUERIES = 10_000;

describe.each(DIALECTS)('fuzzed queries on %s', (dialect) => {
  const t = useTestStore(dialect, seedSearchCorpus);

  it(`answers ${QUERIES.toLocaleString('en')} random queries with results or the typed error, nothing else`, async () => {
    const next = random(20260305);
    const queries = Array.from({ length: QUERIES }, () => randomQuery(next));
    const outcomes = { results: 0, refused: 0, nonEmpty: 0 };
    for (let i = 0; i < queries.length; i += 25) {
      await Promise.all(
        queries.slice(i, i + 25).map(async (q) => {
          const sort = q.length % 2 === 0 ? 'relevance' : 'date';
          const invalid = q.trim() === '' || [...q].length > MAX_QUERY_LENGTH;
          try {
            const result = await searchPapers(t.searchIndex, { q, limit: 5, sort });
            expect(invalid, `accepted ${JSON.stringify(q)}`).toBe(false);
            expect(Array.isArray(result.items)).toBe(true);
            outcomes.results++;
            if (result.items.length > 0) outcomes.nonEmpty++;
          } catch (error) {
            if (!(error instanceof SearchQueryError) || error.parameter !== 'q' || !invalid) {
              throw new Error(`query ${JSON.stringify(q)} failed: ${(error as Error).stack}`, { cause: error });
            }
            outcomes.refused++;
          }
        }),
      );
    }
    expect(outcomes.results + outcomes.refused).toBe(QUERIES);
    // The generator reaches both sides and finds papers often enough to exercise ranking.
    expect(outcomes.refused).toBeGreaterThan(100);
    expect(outcomes.nonEmpty).toBeGreaterThan(1_000);
  });
});
