import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { termOf } from './analyzer.ts';
import { readSnapshot, writeSnapshot } from './index-snapshot.ts';
import type { Bm25Params } from './bm25.ts';
import type { SearchDocument } from '../core/paper.ts';
import { KeywordIndex } from './keyword-index.ts';

const PARAMS: Bm25Params = {
  k1: 1.2,
  titleWeight: 2,
  abstractWeight: 1,
  authorsWeight: 1,
  titleB: 0.5,
  abstractB: 0.75,
  authorsB: 0.5,
};

const doc = (docId: number, title: string, abstract: string, extra: Partial<SearchDocument> = {}): SearchDocument => ({
  docId,
  title,
  abstract,
  authors: [],
  categories: [],
  publishedAt: null,
  hasCode: false,
  ...extra,
});

function build(docs: SearchDocument[]): KeywordIndex {
  const builder = KeywordIndex.builder(PARAMS);
  docs.forEach((d) => builder.add(d));
  return builder.finish();
}

function scores(index: KeywordIndex, query: Parameters<KeywordIndex['match']>[0]): Record<number, number> {
  const m = index.match(query);
  const out: Record<number, number> = {};
  for (let i = 0; i < m.count; i++) out[index.docIdOf(m.slots[i]!)] = m.scores[i]!;
  return out;
}

const word = (term: string) => ({ scored: [{ term, weight: 1 }], required: [], excluded: [] });

describe('KeywordIndex', () => {
  const docs = [
    doc(1, 'alpha beta', 'alpha gamma gamma', { categories: ['cs.CL'], publishedAt: '2026-01-02T00:00:00Z', hasCode: true }),
    doc(2, 'gamma', 'beta beta beta delta', { categories: ['math.AG'], publishedAt: '2026-02-02T00:00:00Z' }),
    doc(3, 'delta', 'alpha', { categories: ['cs.LG'], publishedAt: '2026-03-02T00:00:00Z', authors: ['Alpha Person'] }),
  ];

  it('scores BM25F exactly: field weights and per-field length normalisation, one saturation', () => {
    // "alpha": df 2 of 3 papers (authors are a field too: paper 3's author is "Alpha Person", df stays 2).
    const idf = Math.log(1 + (3 - 2 + 0.5) / (2 + 0.5));
    const avgTitle = 4 / 3;
    const avgAbstract = 8 / 3;
    const avgAuthors = 2 / 3;
    const norm = (b: number, length: number, average: number) => 1 / (1 - b + (b * length) / average);
    const bm25 = (w: number) => (idf * w * 2.2) / (1.2 + w);
    const w1 = 2 * 1 * norm(0.5, 2, avgTitle) + 1 * 1 * norm(0.75, 3, avgAbstract);
    const w3 = 1 * 1 * norm(0.75, 1, avgAbstract) + 1 * 1 * norm(0.5, 2, avgAuthors);
    const got = scores(build(docs), word('alpha'));
    expect(Object.keys(got)).toEqual(['1', '3']);
    expect(got[1]).toBeCloseTo(bm25(w1), 6);
    expect(got[3]).toBeCloseTo(bm25(w3), 6);
  });

  it('requires, excludes and filters', () => {
    const index = build(docs);
    expect(Object.keys(scores(index, { scored: [], required: [{ term: 'alpha', field: 'authors' }], excluded: [] }))).toEqual([
      '3',
    ]);
    expect(Object.keys(scores(index, { ...word('beta'), excluded: ['delta'] }))).toEqual(['1']);
    expect(Object.keys(scores(index, { ...word('gamma'), fromDay: 20260201 }))).toEqual(['2']);
    expect(Object.keys(scores(index, { ...word('gamma'), toDay: 20260102 }))).toEqual(['1']);
    expect(Object.keys(scores(index, { ...word('alpha'), category: 'cs' }))).toEqual(['1', '3']);
    expect(Object.keys(scores(index, { ...word('alpha'), category: 'cs.LG' }))).toEqual(['3']);
    expect(Object.keys(scores(index, { ...word('alpha'), category: 'c' }))).toEqual([]);
    expect(Object.keys(scores(index, { ...word('alpha'), hasCode: true }))).toEqual(['1']);
  });

  it('leaves no trace of the papers a filter passed over, and decides categories first seen after its test was made', () => {
    const index = build(docs);
    const unfiltered = scores(index, word('alpha'));
    expect(
      Object.keys(scores(index, { ...word('alpha'), required: [{ term: 'gamma', field: 'any' }], category: 'cs.LG' })),
    ).toEqual([]);
    expect(scores(index, word('alpha'))).toEqual(unfiltered);
    const admit = index.admissible({ excluded: [], category: 'cs' });
    index.add(doc(4, 'alpha', 'new set', { categories: ['cs.RO', 'eess.SY'] }));
    index.add(doc(5, 'alpha', 'new set', { categories: ['eess.SP'] }));
    expect([admit(index.slotOf(4)!), admit(index.slotOf(5)!)]).toEqual([true, false]);
  });

  it('replaces a re-added paper and forgets a removed one, as a rebuild would rank them', () => {
    const index = build(docs);
    index.add(doc(2, 'alpha', 'nothing else', { categories: ['math.AG'] }));
    index.remove(3);
    expect(Object.keys(scores(index, word('gamma')))).toEqual(['1']);
    expect(Object.keys(scores(index, word('alpha'))).sort()).toEqual(['1', '2']);
    expect(index.liveCount).toBe(2);
    expect(index.staleness).toBeGreaterThan(0);
  });

  it('scores after removals and replacements exactly as a rebuild of the live papers does', () => {
    const index = build(docs);
    // Paper 4's author "Will An" holds two stop words: terms without positions.
    index.add(doc(4, 'beta gamma', 'alpha alpha', { authors: ['Will An'] }));
    index.add(doc(2, 'alpha', 'nothing else'));
    index.remove(1);
    const live = [
      doc(3, 'delta', 'alpha', { authors: ['Alpha Person'] }),
      doc(4, 'beta gamma', 'alpha alpha', { authors: ['Will An'] }),
      doc(2, 'alpha', 'nothing else'),
    ];
    const rebuilt = build(live);
    for (const term of ['alpha', 'beta', 'gamma', 'delta', 'nothing', 'will', 'an']) {
      expect(index.documentFrequency(term), term).toBe(rebuilt.documentFrequency(term));
      const got = scores(index, word(term));
      const want = scores(rebuilt, word(term));
      expect(Object.keys(got).sort(), term).toEqual(Object.keys(want).sort());
      for (const docId of Object.keys(want))
        expect(got[Number(docId)], `${term} in ${docId}`).toBeCloseTo(want[Number(docId)]!, 9);
    }
    index.remove(4);
    expect(index.documentFrequency('will')).toBe(0);
    expect(index.documentFrequency('alpha')).toBe(2);
  });

  it('counts among a word’s papers only the last state of a paper added twice during a build', () => {
    const builder = KeywordIndex.builder(PARAMS);
    for (const d of docs) builder.add(d);
    // Paper 1 changed while the build read: its first state's postings stay, dead.
    builder.add(doc(1, 'delta', 'nothing else'));
    const index = builder.finish();
    const rebuilt = build([docs[1]!, docs[2]!, doc(1, 'delta', 'nothing else')]);
    for (const term of ['alpha', 'beta', 'gamma', 'delta', 'nothing']) {
      expect(index.documentFrequency(term), term).toBe(rebuilt.documentFrequency(term));
      expect(scores(index, word(term)), term).toEqual(scores(rebuilt, word(term)));
    }
  });
});

describe('KeywordIndex through a snapshot', () => {
  const WORDS = ['sparse', 'routing', 'experts', 'kelp', 'glacier', 'lighthouse', 'model', 'tokens', 'river', 'basalt'];
  // Words repeat across 600 papers, so common terms span several blocks of postings (skip entries).
  const corpusDoc = (docId: number, salt: number) =>
    doc(
      docId,
      `${WORDS[(docId * 7 + salt) % 10]} ${WORDS[(docId + salt) % 10]}`,
      Array.from({ length: 1 + (docId % 23) }, (_, i) => WORDS[(docId * (i + 3) + salt) % 10]).join(' '),
      { authors: [`Ana ${WORDS[(docId + salt) % 10]}`] },
    );

  it('answers as the live index after papers were added, replaced and removed since the build', async () => {
    const live = build(Array.from({ length: 600 }, (_, i) => corpusDoc(i + 1, 0)));
    for (let docId = 590; docId <= 700; docId++) live.add(corpusDoc(docId, 3)); // replaced (590–600) and new
    live.remove(17);
    live.add(doc(701, 'a word only added papers hold', 'zygote'));
    const file = join(mkdtempSync(join(tmpdir(), 'dp-index-')), 'index.bin');
    await writeSnapshot(file, live.capture(), 9, 'db');
    const loaded = KeywordIndex.fromState((await readSnapshot(file)).state, PARAMS);

    const model = word(termOf('model'));
    for (const term of [...WORDS, 'zygote', 'ana', 'absent'].map(termOf)) {
      const queries = [
        word(term),
        { scored: [], required: [{ term, field: 'authors' as const }], excluded: [] },
        { ...model, excluded: [term] },
      ];
      for (const query of queries) expect(scores(loaded, query)).toStrictEqual(scores(live, query));
    }
    // Not vacuous: a word's papers span blocks of the built segment and those added since.
    expect(Object.keys(scores(live, word(termOf('routing')))).length).toBeGreaterThan(2 * 128);
    expect(Object.keys(scores(loaded, word(termOf('zygote'))))).toEqual(['701']);
    const scored = WORDS.map((term, i) => ({ term: termOf(term), weight: 1 + i / 10 }));
    for (const slot of [0, 5, 130, 589, 600, 650, live.slotOf(701)!]) {
      expect(loaded.scoreOf(slot, scored)).toBe(live.scoreOf(slot, scored));
    }
    expect(loaded.liveCount).toBe(live.liveCount);
  });

  it('warms before serving: the scratch and norms are made, and answers are the same', async () => {
    const live = build(Array.from({ length: 300 }, (_, i) => corpusDoc(i + 1, 0)));
    const file = join(mkdtempSync(join(tmpdir(), 'dp-index-')), 'index.bin');
    await writeSnapshot(file, live.capture(), 1, 'db');
    const warmed = KeywordIndex.fromState((await readSnapshot(file)).state, PARAMS);
    expect(warmed.memoryBytes().scratch).toBe(0);
    warmed.warm();
    // Per paper: a score (8 bytes), hits and flags (1 each), a touched slot (4), three norms (4 each).
    expect(warmed.memoryBytes().scratch).toBeGreaterThanOrEqual(300 * 26);
    for (const term of WORDS.map(termOf)) expect(scores(warmed, word(term))).toStrictEqual(scores(live, word(term)));
  });
});

describe('KeywordIndex.builder finishing in slices', () => {
  it('makes the same index as finishing at once', async () => {
    // Past FINISH_STEP postings, so the sort and encoding pause between steps.
    const docs = Array.from({ length: 30_000 }, (_, i) =>
      doc(i + 1, `paper ${i % 97} topic${i % 13}`, `words w${i % 1_000} w${(i * 7) % 1_000} shared`),
    );
    const atOnce = build(docs);
    const builder = KeywordIndex.builder(PARAMS);
    docs.forEach((d) => builder.add(d));
    const inSlices = await builder.finishInSlices();
    const flat = (index: KeywordIndex) => {
      const { terms, df, postings } = index.capture();
      return { terms, df, postings: [...postings()].map((list) => [Array.from(list.bytes), Array.from(list.skipSlots)]) };
    };
    expect(flat(inSlices)).toEqual(flat(atOnce));
    expect(scores(inSlices, word(termOf('shared')))).toEqual(scores(atOnce, word(termOf('shared'))));
  });
});
