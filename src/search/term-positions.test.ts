/**
 * The term positions read from a snapshot's file answer phrases as those held in memory: from
 * an index loaded from a snapshot, one built cold (all in memory), and one whose snapshot was
 * written after the build and that took papers since (file and memory together) — and an index
 * keeps reading the file it opened after a newer snapshot is renamed over it.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SearchDocument } from '../core/paper.ts';
import { termOf } from './analyzer.ts';
import { readSnapshot, writeSnapshot } from './index-snapshot.ts';
import { KeywordIndex } from './keyword-index.ts';

const WORDS = ['kelp', 'glacier', 'basalt', 'river', 'lighthouse', 'tokens', 'routing', 'sparse', 'lantern', 'quartz'];

/** A paper of pseudo-random words (no stop words, so the positions hold every word). */
function paper(docId: number, salt: number): SearchDocument {
  let state = docId * 7919 + salt * 104729;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state;
  };
  const words = (count: number) => Array.from({ length: count }, () => WORDS[next() % WORDS.length]).join(' ');
  // Every 50th paper is long, so some candidates sit further apart than one read reaches across.
  const abstractWords = docId % 50 === 0 ? 3_000 : 4 + (next() % 40);
  return {
    docId,
    title: words(2 + (next() % 6)),
    abstract: words(abstractWords),
    authors: [`Ana ${WORDS[next() % WORDS.length]}`],
    categories: [],
    publishedAt: null,
    hasCode: false,
  };
}

const PHRASES = [
  ...WORDS.flatMap((a) => WORDS.map((b) => [a, b])),
  ['kelp', 'glacier', 'basalt'],
  ['ana', 'quartz'],
  ['river', 'river', 'river', 'river'],
].map((words) => words.map(termOf));

/** Which papers hold the phrase in one field, read from their text. */
function holding(docs: Map<number, SearchDocument>, phrase: string[]): number[] {
  const held = (text: string) => {
    const terms = text
      .split(/[\s;]+/)
      .filter(Boolean)
      .map(termOf);
    for (let i = 0; i + phrase.length <= terms.length; i++) if (phrase.every((term, j) => terms[i + j] === term)) return true;
    return false;
  };
  return [...docs.values()]
    .filter((d) => held(d.title) || held(d.abstract ?? '') || held(d.authors.join(' ; ')))
    .map((d) => d.docId)
    .sort((a, b) => a - b);
}

/** The live papers the index says may hold the phrase, tested all at once and one at a time. */
function possible(index: KeywordIndex, phrase: string[]): number[] {
  const slots = Array.from({ length: index.slotCount }, (_, slot) => slot).reverse();
  const verdicts = index.possiblePhrases([phrase], slots, 0, slots.length);
  const test = index.phraseTest(phrase);
  expect(slots.map((slot) => (test(slot) ? 1 : 0))).toEqual(Array.from(verdicts));
  const out: number[] = [];
  slots.forEach((slot, i) => {
    const docId = index.docIdOf(slot);
    if (verdicts[i] === 1 && index.slotOf(docId) === slot) out.push(docId);
  });
  return out.sort((a, b) => a - b);
}

function build(docs: Iterable<SearchDocument>, scratch?: { dir: string; heldWords: number }): KeywordIndex {
  const builder = KeywordIndex.builder(undefined, scratch);
  for (const d of docs) builder.add(d);
  return builder.finish();
}

describe('term positions in the snapshot file', () => {
  const initial = Array.from({ length: 2_000 }, (_, i) => paper(i + 1, 0));
  // Added after the snapshot: some replace papers it holds, some are new.
  const later = Array.from({ length: 300 }, (_, i) => paper(1_900 + i, 1));
  const final = new Map(initial.map((d) => [d.docId, d]));
  for (const d of later) final.set(d.docId, d);
  const expected = PHRASES.map((phrase) => holding(final, phrase));

  it('answer phrases as the text does, loaded, built cold, or written after the build with papers added since', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dp-positions-')), 'index.bin');
    const cold = build(final.values());
    const written = build(initial);
    await writeSnapshot(file, written.capture(), 1, 'db');
    const loaded = KeywordIndex.fromState((await readSnapshot(file)).state);
    for (const d of later) {
      written.add(d);
      loaded.add(d);
    }
    const words = loaded.memoryBytes().positionsOnDisk / 2;
    expect(cold.memoryBytes().positionsOnDisk).toBe(0);
    expect(written.memoryBytes().positionsOnDisk).toBe(words * 2);
    // Not vacuous: the file holds most words, and both tests find papers and rule papers out.
    expect(words).toBeGreaterThan(150_000);
    expect(expected.filter((docIds) => docIds.length > 0).length).toBeGreaterThan(50);
    expect(expected.filter((docIds) => docIds.length < final.size / 2).length).toBeGreaterThan(50);
    for (const index of [cold, written, loaded]) expect(PHRASES.map((phrase) => possible(index, phrase))).toStrictEqual(expected);
  });

  it('answer phrases from a build that wrote them to a scratch file as it went, and from the snapshot it then writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dp-positions-'));
    // 2,000 words held at a time: written out a hundred times, papers across the ends kept for the next, the long ones (3,000 words) growing it.
    const spilled = build(initial, { dir, heldWords: 2_000 });
    for (const d of later) spilled.add(d);
    const spilledBytes = spilled.memoryBytes().positionsOnDisk;
    // Unlinked at once: nothing is left in the folder.
    expect(readdirSync(dir)).toEqual([]);
    expect(PHRASES.map((phrase) => possible(spilled, phrase))).toStrictEqual(expected);

    const file = join(dir, 'index.bin');
    await writeSnapshot(file, spilled.capture(), 1, 'db');
    // Most of the words (all but those of the papers added after the build) were in the scratch file.
    expect(spilledBytes).toBeGreaterThan(0.8 * spilled.memoryBytes().positionsOnDisk);
    expect(PHRASES.map((phrase) => possible(spilled, phrase))).toStrictEqual(expected);
    const loaded = KeywordIndex.fromState((await readSnapshot(file)).state);
    expect(await loaded.checkPositions()).toBe('sound');
    expect(PHRASES.map((phrase) => possible(loaded, phrase))).toStrictEqual(expected);
    for (const index of [spilled, loaded]) index.close();
  });

  it('are held in memory by a build whose scratch folder cannot be made, answering as well', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dp-positions-')), 'a-file');
    writeFileSync(file, 'not a folder');
    const held = build(final.values(), { dir: join(file, 'scratch'), heldWords: 2_000 });
    expect(held.memoryBytes().positionsOnDisk).toBe(0);
    expect(PHRASES.map((phrase) => possible(held, phrase))).toStrictEqual(expected);
  });

  it('say a snapshot whose positions fail their check damaged, and then rule nothing out', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dp-positions-')), 'index.bin');
    const built = build(initial);
    await writeSnapshot(file, built.capture(), 1, 'db');
    const bytes = readFileSync(file);
    bytes[bytes.length - 100]! ^= 0x01;
    writeFileSync(file, bytes);
    const loaded = KeywordIndex.fromState((await readSnapshot(file)).state);
    // Checked in the background, before any test read a word.
    expect(await loaded.checkPositions()).toBe('damaged');
    const slots = Array.from({ length: loaded.slotCount }, (_, slot) => slot);
    expect(Array.from(loaded.possiblePhrases([PHRASES[0]!], slots, 0, slots.length))).toEqual(slots.map(() => 1));
    // Nor are they copied into a new snapshot.
    await expect(writeSnapshot(`${file}.next`, loaded.capture(), 2, 'db')).rejects.toThrow(/damaged/);
    loaded.close();
  });

  it('keeps reading the file it opened after a newer snapshot is renamed over it, and moves to the one it writes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dp-positions-')), 'index.bin');
    await writeSnapshot(file, build(initial).capture(), 1, 'db');
    const loaded = KeywordIndex.fromState((await readSnapshot(file)).state);
    for (const d of later) loaded.add(d);
    const tail = loaded.memoryBytes().positions;

    // Another index's snapshot, of other papers, takes the file's name.
    await writeSnapshot(file, build([paper(1, 9), paper(2, 9)]).capture(), 2, 'db');
    expect(PHRASES.map((phrase) => possible(loaded, phrase))).toStrictEqual(expected);

    // Its own snapshot, with the papers added since: it reads those from the file too.
    const before = loaded.memoryBytes();
    await writeSnapshot(file, loaded.capture(), 3, 'db');
    const after = loaded.memoryBytes();
    expect(after.positionsOnDisk).toBeGreaterThan(before.positionsOnDisk);
    expect(after.positions).toBeLessThan(tail);
    expect(PHRASES.map((phrase) => possible(loaded, phrase))).toStrictEqual(expected);
    const reloaded = KeywordIndex.fromState((await readSnapshot(file)).state);
    expect(PHRASES.map((phrase) => possible(reloaded, phrase))).toStrictEqual(expected);

    loaded.close();
    expect(() => loaded.phraseTest(PHRASES[0]!)(0)).toThrow(/closed/);
  });
});
