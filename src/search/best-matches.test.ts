import { describe, expect, it } from 'vitest';
import type { SearchDocument } from '../core/paper.ts';
import { seededRandom } from '../core/seeded-random.ts';
import { termOf } from './analyzer.ts';
import { DEFAULT_BM25 } from './bm25.ts';
import { type IndexQuery, KeywordIndex, type Matches } from './keyword-index.ts';
import { bestFirst } from './ordering.ts';
import { byRelevance } from './search.ts';

// Few words, some common, so that lists are long, scores repeat (equal texts) and ties need the tie-break.
const WORDS = ['model', 'model', 'model', 'graph', 'graph', 'speech', 'robot', 'lantern', 'quantum', 'survey'];
const CATEGORIES = [['cs.CL'], ['cs.LG', 'stat.ML'], ['math.AG'], ['cs.CV']];

function corpus(count: number, seed: number, firstId = 1): SearchDocument[] {
  const random = seededRandom(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  return Array.from({ length: count }, (_, i) => ({
    docId: firstId + i,
    // A tenth are the same paper again: equal scores, told apart by date and then by id.
    title: i % 10 === 0 ? 'model graph' : words(1 + Math.floor(random() * 4)),
    abstract: i % 10 === 0 ? 'model speech model' : words(Math.floor(random() * 30)),
    authors: random() < 0.2 ? ['Model Person'] : ['Ana Lima'],
    categories: pick(CATEGORIES),
    publishedAt: `2026-0${1 + Math.floor(random() * 3)}-1${Math.floor(random() * 3)}T00:00:00Z`,
    hasCode: random() < 0.3,
  }));
}

/** The best `depth` of match(), ranked as search ranks them: what bestMatches must equal. */
function bestOfAll(index: KeywordIndex, query: IndexQuery, depth: number): { ranked: [number, number][]; total: number } {
  const all = index.match(query);
  const ranked: [number, number][] = [];
  for (const i of bestFirst(all.count, byRelevance(index, all), depth)) {
    if (ranked.length === depth) break;
    ranked.push([all.slots[i]!, all.scores[i]!]);
  }
  return { ranked, total: all.count };
}

function ranked(index: KeywordIndex, best: Matches): [number, number][] {
  return [...bestFirst(best.count, byRelevance(index, best), best.count)].map((i) => [best.slots[i]!, best.scores[i]!]);
}

describe('KeywordIndex.bestMatches', () => {
  // Built, then papers added (postings outside the built segment) and replaced (dead slots).
  const builder = KeywordIndex.builder(DEFAULT_BM25);
  for (const doc of corpus(3_000, 11)) builder.add(doc);
  const index = builder.finish();
  for (const doc of corpus(300, 12, 3_001)) index.add(doc);
  for (const doc of corpus(200, 13, 500)) index.add(doc);

  const word = (w: string, extra: Partial<IndexQuery> = {}): IndexQuery => ({
    scored: [{ term: termOf(w), weight: 1 }],
    required: [],
    excluded: [],
    ...extra,
  });
  const queries: [string, IndexQuery][] = [
    ['a common word', word('model')],
    ['a word said twice', { ...word('model'), scored: [{ term: termOf('model'), weight: 2 }] }],
    ['a rarer word', word('lantern')],
    ['a category', word('model', { category: 'cs.CL' })],
    ['an archive', word('graph', { category: 'cs' })],
    ['dates', word('model', { fromDay: 20260210, toDay: 20260311 })],
    ['code', word('speech', { hasCode: true })],
    ['an excluded word', word('model', { excluded: [termOf('survey'), termOf('robot')] })],
    ['everything', word('model', { excluded: [termOf('quantum')], category: 'cs', hasCode: false, fromDay: 20260111 })],
    ['a word no paper has', word('absent')],
  ];

  it.each(queries)('gives the best papers and the count of all that match() gives, for %s', (_, query) => {
    for (const depth of [1, 8, 38, 400]) {
      const expected = bestOfAll(index, query, depth);
      const best = index.bestMatches(query, depth);
      expect(ranked(index, best)).toEqual(expected.ranked);
      expect(best.total).toBe(expected.total);
    }
  });

  it('leaves the scratch clean for the next query: excluded papers come back', () => {
    index.bestMatches(word('model', { excluded: [termOf('survey')] }), 10);
    expect(index.bestMatches(word('survey'), 5).total).toBe(index.match(word('survey')).count);
  });

  it('refuses a query of several scored terms or with required terms', () => {
    const two = { ...word('model'), scored: [...word('model').scored, ...word('graph').scored] };
    expect(() => index.bestMatches(two, 10)).toThrow('bestMatches ranks one scored term without required terms');
    expect(() => index.bestMatches({ ...word('model'), required: [{ term: termOf('graph'), field: 'any' }] }, 10)).toThrow(
      'bestMatches ranks one scored term without required terms',
    );
  });
});
