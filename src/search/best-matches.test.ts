import { describe, expect, it } from 'vitest';
import type { SearchDocument } from '../core/paper.ts';
import { seededRandom } from '../core/seeded-random.ts';
import { termOf } from './analyzer.ts';
import { DEFAULT_BM25 } from './bm25.ts';
import { type IndexQuery, KeywordIndex, type Matches } from './keyword-index.ts';
import { bestFirst } from './ordering.ts';
import { driftOf, HEAD_FROM, HEAD_SIZE } from './term-heads.ts';
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

describe('KeywordIndex.bestMatches from a common word’s head', () => {
  const random = seededRandom(31);
  const filler = (n: number) => Array.from({ length: n }, () => WORDS[3 + Math.floor(random() * 7)]).join(' ');
  const paper = (docId: number, abstract: string, category = 'cs.AI'): SearchDocument => ({
    docId,
    title: filler(2),
    abstract,
    authors: ['Ana Lima'],
    categories: [category],
    publishedAt: `2026-02-${String(1 + (docId % 28)).padStart(2, '0')}T00:00:00Z`,
    hasCode: docId % 3 === 0,
  });
  // "model" in more than HEAD_FROM papers: 5,000 short abstracts saying it twice (the head, the
  // shortest first; ten in cs.LG), 5,000 long ones saying it thirty times, and the rest once.
  const build = () => {
    const builder = KeywordIndex.builder(DEFAULT_BM25);
    for (let id = 1; id <= HEAD_FROM + 15_000; id++) {
      if (id <= 5_000) builder.add(paper(id, `model model ${filler(1 + (id % 5))}`, id % 500 === 0 ? 'cs.LG' : 'cs.CL'));
      else if (id <= 10_000) builder.add(paper(id, `${'model '.repeat(30)}${filler(270)}`, id % 2 ? 'cs.LG' : 'cs.AI'));
      else builder.add(paper(id, `model ${filler(10 + Math.floor(random() * 20))}`, id % 2 ? 'cs.LG' : 'cs.AI'));
    }
    return builder.finish();
  };
  const model = (extra: Partial<IndexQuery> = {}): IndexQuery => ({
    scored: [{ term: termOf('model'), weight: 1 }],
    required: [],
    excluded: [],
    ...extra,
  });
  const expectSame = (index: KeywordIndex, query: IndexQuery, depth = 30) => {
    const expected = bestOfAll(index, query, depth);
    const best = index.bestMatches(query, depth);
    expect(ranked(index, best)).toEqual(expected.ranked);
    expect(best.total).toBe(expected.total);
    return expected.ranked.map(([slot]) => index.docIdOf(slot));
  };

  it('keeps a head for a word of more than HEAD_FROM papers, and ranks from it as from every match', () => {
    const index = build();
    const before = index.memoryBytes().postings;
    // The first search excludes papers; the head made for it holds them all the same.
    expectSame(index, model({ excluded: [termOf('lantern')] }));
    expect(Math.max(...expectSame(index, model()))).toBeLessThanOrEqual(5_000);
    // The head: HEAD_SIZE slots and frequencies, in the index's memory account.
    expect(index.memoryBytes().postings - before).toBe(HEAD_SIZE * 8);
    expectSame(index, model({ category: 'cs.CL', hasCode: true, fromDay: 20260210 }));
    expectSame(index, model({ excluded: [termOf('graph')] }));
    // Ten of the head's papers are in cs.LG: the rest of the page is not in the head.
    expect(expectSame(index, model({ category: 'cs.LG' })).filter((docId) => docId > 5_000)).toHaveLength(20);
    expectSame(index, model(), 4_500);
  });

  it('ranks papers added and replaced since the build, and papers whose norms grew past the head’s', () => {
    const index = build();
    expectSame(index, model());
    // A short paper saying it in its title: better than any in the head.
    index.add({ ...paper(900_001, 'model model'), title: 'model' });
    // The best paper of the build replaced by one without the word.
    const best = index.bestMatches(model(), 2);
    const replaced = index.docIdOf(best.slots.find((slot) => index.docIdOf(slot) !== 900_001)!);
    index.add(paper(replaced, filler(5)));
    const page = expectSame(index, model());
    expect(page[0]).toBe(900_001);
    expect(page).not.toContain(replaced);
    // Long abstracts without the word double the average length: the long abstracts' norms
    // grow most, and saying it thirty times they now outrank the head's papers.
    for (let id = 1_000_001; id <= 1_002_000; id++) index.add(paper(id, filler(1_800)));
    const grown = expectSame(index, model());
    expect(grown.slice(1).every((docId) => docId > 5_000 && docId <= 10_000)).toBe(true);
  });
});

describe('driftOf', () => {
  it('bounds how much any field’s norm can grow between two sets of average lengths', () => {
    expect(driftOf([10, 100, 5], [12, 90, 5])).toBeCloseTo(1.2, 12);
    expect(driftOf([10, 100, 5], [8, 90, 4])).toBe(1);
    const norm = (b: number, length: number, average: number) => 1 / (1 - b + (b * length) / average);
    const random = seededRandom(5);
    for (let i = 0; i < 1_000; i++) {
      const then = [1 + random() * 50, 1 + random() * 300, 1 + random() * 20];
      const now = then.map((average) => average * (0.5 + random()));
      const length = Math.floor(random() * 2_000);
      const b = random();
      const f = i % 3;
      expect(norm(b, length, now[f]!) / norm(b, length, then[f]!)).toBeLessThanOrEqual(driftOf(then, now) * (1 + 1e-12));
    }
  });
});
