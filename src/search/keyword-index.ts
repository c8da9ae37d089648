import { anyCategoryMatches } from '../core/categories.ts';
import type { SearchDocument } from '../core/paper.ts';
import { forEachWord, STOP_WORDS, termOf } from './analyzer.ts';
import { type Bm25Params, DEFAULT_BM25 } from './bm25.ts';
import { BestKept } from './ordering.ts';
import { driftOf, HEAD_FROM, HEAD_SIZE, type TermHead, TermHeads } from './term-heads.ts';
import { Column } from './column.ts';
import { DocSlots, type LiveDocs, liveDocsOf } from './doc-slots.ts';
import { TermIds } from './term-ids.ts';
import type { PositionsVerdict } from './positions-check.ts';
import {
  ABSTRACT_MAX,
  ABSTRACT_SHIFT,
  type AddedList,
  AUTHORS_MAX,
  AUTHORS_SHIFT,
  EMPTY_SEGMENT,
  type EncodedList,
  listEnd,
  listOf,
  PostingCursor,
  type PostingSegment,
  PostingsWriter,
  TITLE_MAX,
} from './postings.ts';
import { type PositionsCapture, type PositionsFile, TermPositions } from './term-positions.ts';

/*
 * An inverted index of title, abstract and authors, held in process and scored with BM25F.
 * Postings live in one byte array, compressed term by term (postings.ts: 1.5 bytes a
 * posting), and are decoded as they are scored, so ranking every paper that mentions
 * "model" — 61,000 of 75,000 arXiv papers — takes about a millisecond, where FTS5 takes 20 ms
 * and a PostgreSQL GIN scan with ts_rank 250 ms. The store stays the truth: index-sync.ts
 * builds this from it and follows its change log.
 */

/** A term to score: its weight is how often the query says it. */
export interface ScoredTerm {
  term: string;
  weight: number;
}

/** A term a paper must contain, in any field or in the author names only. */
export interface RequiredTerm {
  term: string;
  field: 'any' | 'authors';
}

export interface IndexQuery {
  /** Ranked; a paper needs at least one of them (when there are any). */
  scored: ScoredTerm[];
  /** All must be present (the words of phrases and author filters). */
  required: RequiredTerm[];
  /** Papers containing any of these are left out. */
  excluded: string[];
  /** YYYYMMDD bounds on the publication day, inclusive. */
  fromDay?: number;
  toDay?: number;
  /** An arXiv category, or an archive matching all its categories. */
  category?: string;
  hasCode?: boolean;
}

export interface IndexBuilder {
  add(doc: SearchDocument): void;
  finish(): KeywordIndex;
  /** finish() in slices of about SLICE_MS, letting other work run between them (a build in the background). */
  finishInSlices(): Promise<KeywordIndex>;
}

/** Postings sorted or encoded between two looks at the clock when finishing in slices. */
const FINISH_STEP = 1 << 16;
/** Passes over the forward lists when the sorted lists are encoded: a range of terms, an eighth of the postings, at a time. */
const INSTALL_PASSES = 8;
/** How long finishing in slices keeps the event loop before letting requests run. */
const SLICE_MS = 20;

/** Matching papers (index slots) with their BM25F scores, in no order. */
export interface Matches {
  slots: Int32Array;
  scores: Float64Array;
  count: number;
  /** When these are only the best of the matches (bestMatches): how many match in all. */
  total?: number;
}

/**
 * The index as flat arrays: what a snapshot (index-snapshot.ts) writes and reads back. The
 * postings are one segment, its bytes as they are held in memory.
 */
export interface IndexState {
  /** Terms by id. */
  terms: string[];
  /** The term ids in term order, for finding a term's id without a map. */
  termOrder: Uint32Array;
  df: Int32Array;
  postings: PostingSegment;
  docIds: Float64Array;
  lengths: [Int32Array, Int32Array, Int32Array];
  publishedDay: Float64Array;
  publishedMs: Float64Array;
  hasCode: Uint8Array;
  categorySet: Int32Array;
  categorySets: string[][];
  dead: Uint8Array;
  /** The live papers by id, for finding a paper's slot without a map. */
  liveDocs: LiveDocs;
  /** The term positions, left in the snapshot's file (term-positions.ts). */
  positions: PositionsFile;
  /** Per slot and field, where its positions start. */
  sequenceStarts: Uint32Array;
}

/** An index's state taken at one instant, its postings still to be laid out in one segment. */
export interface IndexCapture extends Omit<IndexState, 'termOrder' | 'postings' | 'positions' | 'sequenceStarts'> {
  positions: PositionsCapture;
  /** Per term, where its bytes and skip entries start in the segment to write; termCount + 1 entries. */
  postingStarts: Uint32Array;
  skipStarts: Uint32Array;
  /** The encoded pieces of each term's list in turn (the built segment's, then the postings added since). */
  postings(): Generator<EncodedList>;
}

export class KeywordIndex {
  private termIds = new TermIds();
  /** The built segment's postings, compressed. */
  private segment: PostingSegment = EMPTY_SEGMENT;
  private segmentCount = 0;
  /** Postings added since the segment was built, per term. */
  private readonly added = new Map<number, AddedList>();
  private addedCount = 0;
  private readonly cursor = new PostingCursor();
  /** Live papers holding each term: what a rebuild would count. */
  private df: number[] = [];

  // Per slot, one typed column each (a snapshot reads them straight back).
  private docIds: Column<Float64Array> = Column.of((n) => new Float64Array(n));
  private slotOfDoc = new DocSlots();
  private lengths = [0, 1, 2].map(() => Column.of((n) => new Int32Array(n))) as [
    Column<Int32Array>,
    Column<Int32Array>,
    Column<Int32Array>,
  ];
  /** YYYYMMDD, NaN when unknown (no date bound admits it). */
  private publishedDay: Column<Float64Array> = Column.of((n) => new Float64Array(n));
  private publishedMs: Column<Float64Array> = Column.of((n) => new Float64Array(n));
  private hasCode: Column<Uint8Array> = Column.of((n) => new Uint8Array(n));
  /** Which of categorySets the paper has: few distinct sets, shared by many papers. */
  private categorySet: Column<Int32Array> = Column.of((n) => new Int32Array(n));
  private categorySets: string[][] = [];
  private readonly categorySetIds = new Map<string, number>();
  private dead: Column<Uint8Array> = Column.of((n) => new Uint8Array(n));
  private deadCount = 0;
  private readonly lengthTotals = [0, 0, 0];
  /** Each paper's fields as sequences of content terms, for phrases: mostly in the snapshot's file. */
  private positions = new TermPositions();

  // Per-query scratch, reused: a query runs synchronously from start to end.
  private scores = new Float64Array(0);
  private hits = new Uint8Array(0);
  private flags = new Uint8Array(0);
  private touched = new Int32Array(0);
  private norms: Float32Array[] = [];
  /** Per field, the largest norm of a paper with a word in that field: what no paper's can exceed. */
  private maxNorms: [number, number, number] = [0, 0, 0];
  /**
   * The field weights of the query under way (prepareScratch), read from a Float64Array so that
   * V8 holds them as doubles: weights of 5 and 1 taken from the parameters are small integers,
   * and a scoring loop multiplying them checked their type on every posting, a third of a scan.
   */
  private fieldWeights = new Float64Array(3);
  /** The best postings of common words, for one-word searches (term-heads.ts). */
  private readonly heads = new TermHeads();
  private normsKey = '';

  constructor(readonly params: Bm25Params = DEFAULT_BM25) {}

  /** Papers indexed, including replaced ones not yet dropped by a rebuild. */
  get slotCount(): number {
    return this.docIds.length;
  }

  get liveCount(): number {
    return this.docIds.length - this.deadCount;
  }

  /** Share of postings and papers that a rebuild would clean up. */
  get staleness(): number {
    const postings = this.segmentCount + this.addedCount;
    return Math.max(this.deadCount / Math.max(1, this.docIds.length), this.addedCount / Math.max(1, postings));
  }

  /**
   * Bytes held in the index's arrays, by part: the postings (with their skip entries, the
   * document frequencies, the postings added since the build, JS number arrays at 8 bytes an
   * element, and common words' heads), the term positions held in memory (where each paper's
   * fields start, the words of papers added since the snapshot, a read buffer), the per-paper
   * columns, and the per-query scratch
   * (made by the first query). The term and paper-id maps live on the JS heap and are not
   * counted. The positions left in the snapshot's file are said apart, outside the total.
   */
  memoryBytes(): {
    postings: number;
    positions: number;
    papers: number;
    scratch: number;
    total: number;
    positionsOnDisk: number;
  } {
    const bytes = (...arrays: ArrayBufferView[]) => arrays.reduce((sum, array) => sum + array.byteLength, 0);
    const { segment } = this;
    const postings =
      bytes(segment.bytes, segment.starts, segment.skipSlots, segment.skipOffsets, segment.skipStarts) +
      this.addedCount * 16 +
      this.df.length * 8 +
      this.heads.bytes;
    const { inMemory: positions, onDisk: positionsOnDisk } = this.positions.memoryBytes();
    const papers = bytes(
      this.docIds.raw,
      ...this.lengths.map((column) => column.raw),
      this.publishedDay.raw,
      this.publishedMs.raw,
      this.hasCode.raw,
      this.categorySet.raw,
      this.dead.raw,
    );
    const scratch = bytes(this.scores, this.hits, this.flags, this.touched, ...this.norms);
    return { postings, positions, papers, scratch, total: postings + positions + papers + scratch, positionsOnDisk };
  }

  docIdOf(slot: number): number {
    return this.docIds.raw[slot]!;
  }

  /** The paper's arXiv categories (saved filters test them, exclusions included; recommendations weigh them). */
  categoriesOf(slot: number): readonly string[] {
    return this.categorySets[this.categorySet.raw[slot]!]!;
  }

  publishedMsOf(slot: number): number {
    return this.publishedMs.raw[slot]!;
  }

  /** How many papers contain the term (0 when unknown). */
  documentFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : (this.df[id] ?? 0);
  }

  /** BM25's inverse document frequency over live papers, never negative. */
  idf(term: string): number {
    const n = this.documentFrequency(term);
    return Math.log(1 + (this.liveCount - n + 0.5) / (n + 0.5));
  }

  /** Adds a paper, replacing an earlier state of the same paper. */
  add(doc: SearchDocument): void {
    this.remove(doc.docId);
    const slot = this.newSlot(doc);
    for (const [termId, tf] of this.countTerms(doc)) {
      let list = this.added.get(termId);
      if (!list) this.added.set(termId, (list = { slots: [], tfs: [] }));
      list.slots.push(slot);
      list.tfs.push(tf);
      this.addedCount++;
      this.df[termId] = (this.df[termId] ?? 0) + 1;
    }
  }

  remove(docId: number): void {
    const slot = this.slotOfDoc.get(docId);
    if (slot === undefined) return;
    this.slotOfDoc.delete(docId);
    // Its postings stay until the next build (dead slots are skipped), but it no longer
    // counts among the papers holding its terms: scores are a rebuild's from now on.
    for (const termId of this.termIdsOf(slot)) this.df[termId]!--;
    this.dead.set(slot, 1);
    this.deadCount++;
    for (let f = 0; f < 3; f++) this.lengthTotals[f]! -= this.lengths[f]!.raw[slot]!;
    this.normsKey = '';
  }

  /**
   * The terms a paper holds, without a forward list: its term positions give each term's id
   * modulo 2^16, and the postings say which of the ids sharing those low bits it holds.
   * Stop words in author names are terms without positions, so they are looked up too.
   */
  private termIdsOf(slot: number): Set<number> {
    const held = new Set<number>();
    const termCount = this.termIds.size;
    const consider = (termId: number) => {
      if (!held.has(termId) && this.tfOfId(termId, slot) !== 0) held.add(termId);
    };
    for (const key of this.positions.keysOf(slot)) for (let termId = key; termId < termCount; termId += 0x10000) consider(termId);
    for (const term of STOP_WORD_TERMS) {
      const termId = this.termIds.get(term);
      if (termId !== undefined) consider(termId);
    }
    return held;
  }

  /**
   * Starts a full build: papers go into forward lists as they come (so a whole corpus
   * need not be in memory at once), then one counting sort makes the per-term lists. With
   * `scratch`, the term positions go to a scratch file in its folder as they come, `heldWords`
   * at a time, not into memory.
   */
  static builder(params: Bm25Params = DEFAULT_BM25, scratch?: { dir: string; heldWords?: number }): IndexBuilder {
    const index = new KeywordIndex(params);
    if (scratch) index.positions = TermPositions.spilledTo(scratch.dir, scratch.heldWords);
    let termBuffer: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
    let tfBuffer: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
    // Per slot, where its postings end in the buffers: a paper's postings are added together.
    let postingEnds: Int32Array<ArrayBuffer> = new Int32Array(1 << 10);
    let used = 0;
    const installing = () =>
      index.installPostings(termBuffer.subarray(0, used), tfBuffer.subarray(0, used), postingEnds.subarray(0, index.slotCount));
    const finished = () => {
      // The positions are the index's largest array (until its snapshot holds them): no growth's slack.
      index.positions.trim();
      return index;
    };
    return {
      add(doc: SearchDocument) {
        index.remove(doc.docId);
        const slot = index.newSlot(doc);
        for (const [termId, tf] of index.countTerms(doc)) {
          if (used === termBuffer.length) {
            termBuffer = grow(termBuffer);
            tfBuffer = grow(tfBuffer);
          }
          termBuffer[used] = termId;
          tfBuffer[used] = tf;
          used++;
        }
        if (slot === postingEnds.length) postingEnds = grow(postingEnds);
        postingEnds[slot] = used;
      },
      finish() {
        const steps = installing();
        while (!steps.next().done);
        return finished();
      },
      async finishInSlices() {
        // At a million papers the sort and encoding take seconds: searches run between slices.
        let sliceStart = performance.now();
        for (const steps = installing(); !steps.next().done;) {
          if (performance.now() - sliceStart < SLICE_MS) continue;
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
        return finished();
      },
    };
  }

  /**
   * Sorts the forward lists by term (a counting sort: slots stay ascending within a term) and
   * encodes them, a range of terms at a time: one pass over the forward lists gathers a range's
   * postings (an eighth of them, or the longest list) into two buffers, 1 byte a posting in all,
   * where a permutation of every posting took 4 (500 MB at a million papers), and the forward lists
   * keep where each paper's postings end rather than a slot a posting (4 bytes more). Pauses every
   * FINISH_STEP postings or so for its caller to let other work run.
   */
  private *installPostings(termBuffer: Int32Array, tfBuffer: Int32Array, postingEnds: Int32Array): Generator<void, void, void> {
    const termCount = this.termIds.size;
    const postings = termBuffer.length;
    const offsets = new Int32Array(termCount + 1);
    for (let i = 0; i < postings; i++) {
      offsets[termBuffer[i]! + 1]!++;
      if (i % FINISH_STEP === 0) yield;
    }
    let longest = 0;
    for (let t = 0; t < termCount; t++) {
      longest = Math.max(longest, offsets[t + 1]!);
      offsets[t + 1]! += offsets[t]!;
    }
    const size = Math.max(longest, Math.ceil(postings / INSTALL_PASSES));
    const slots = new Int32Array(size);
    const tfs = new Int32Array(size);
    const writer = new PostingsWriter();
    // Papers replaced during the build are in the postings but not among the live.
    const dead = this.dead.raw;
    const df = new Array<number>(termCount).fill(0);
    let pausedAt = 0;
    for (let first = 0; first < termCount;) {
      let end = first + 1;
      while (end < termCount && offsets[end + 1]! - offsets[first]! <= size) end++;
      const base = offsets[first]!;
      const cursor = offsets.slice(first, end);
      for (let i = 0, slot = 0; i < postings; i++) {
        while (postingEnds[slot]! <= i) slot++;
        if (i % FINISH_STEP === 0) yield;
        const term = termBuffer[i]!;
        if (term < first || term >= end) continue;
        const at = cursor[term - first]!++ - base;
        slots[at] = slot;
        tfs[at] = tfBuffer[i]!;
      }
      for (let t = first; t < end; t++) {
        writer.startList();
        for (let at = offsets[t]! - base; at < offsets[t + 1]! - base; at++) {
          writer.add(slots[at]!, tfs[at]!);
          if (dead[slots[at]!] === 0) df[t]!++;
        }
        writer.endList();
        if (offsets[t + 1]! - pausedAt >= FINISH_STEP) {
          pausedAt = offsets[t + 1]!;
          yield;
        }
      }
      first = end;
    }
    this.segment = writer.finish();
    this.segmentCount = postings;
    this.df = df;
  }

  /**
   * The index as it is now, for a snapshot. Everything returned stays as it is while the index
   * changes afterwards: the columns only grow past the lengths taken here (or move to a new
   * buffer), the built segment is never written, and what does change in place (dead slots,
   * added postings, document frequencies) is copied.
   */
  capture(): IndexCapture {
    const termCount = this.termIds.size;
    const { segment } = this;
    // The postings added since the build, encoded to follow on from each term's built list.
    const writer = new PostingsWriter();
    const appendedTerms: number[] = [];
    for (const [term, list] of [...this.added].sort(([a], [b]) => a - b)) {
      const built = listOf(segment, term);
      const { lastSlot, count } = listEnd(built);
      writer.continueList(lastSlot, count, built.bytes.length);
      for (let i = 0; i < list.slots.length; i++) writer.add(list.slots[i]!, list.tfs[i]!);
      writer.endList();
      appendedTerms.push(term);
    }
    const appendedSegment = writer.finish();
    const appended: (EncodedList | undefined)[] = new Array(termCount);
    appendedTerms.forEach((term, i) => (appended[term] = listOf(appendedSegment, i)));
    const postingStarts = new Uint32Array(termCount + 1);
    const skipStarts = new Uint32Array(termCount + 1);
    for (let t = 0; t < termCount; t++) {
      const built = listOf(segment, t);
      postingStarts[t + 1] = postingStarts[t]! + built.bytes.length + (appended[t]?.bytes.length ?? 0);
      skipStarts[t + 1] = skipStarts[t]! + built.skipSlots.length + (appended[t]?.skipSlots.length ?? 0);
    }
    const df = new Int32Array(termCount);
    for (let t = 0; t < termCount; t++) df[t] = this.df[t] ?? 0;
    return {
      terms: this.termIds.termsUpTo(termCount),
      df,
      postingStarts,
      skipStarts,
      *postings() {
        for (let t = 0; t < termCount; t++) {
          yield listOf(segment, t);
          const list = appended[t];
          if (list) yield list;
        }
      },
      docIds: this.docIds.values,
      lengths: this.lengths.map((column) => column.values) as [Int32Array, Int32Array, Int32Array],
      publishedDay: this.publishedDay.values,
      publishedMs: this.publishedMs.values,
      hasCode: this.hasCode.values,
      categorySet: this.categorySet.values,
      categorySets: [...this.categorySets],
      dead: this.dead.values.slice(),
      liveDocs: liveDocsOf(this.docIds.values, this.dead.values),
      positions: this.positions.capture(),
    };
  }

  /** An index over the given arrays, used as they are (no copy): a snapshot's, read back; it reads its positions from the file. */
  static fromState(state: IndexState, params: Bm25Params = DEFAULT_BM25): KeywordIndex {
    const index = new KeywordIndex(params);
    index.termIds = new TermIds(state.terms, state.termOrder);
    index.segment = state.postings;
    index.df = Array.from(state.df);
    // The live postings: a snapshot's dead papers' postings are not counted (staleness is a share of the live).
    for (let t = 0; t < state.df.length; t++) index.segmentCount += state.df[t]!;
    index.docIds = Column.of((n) => new Float64Array(n), state.docIds);
    index.lengths = state.lengths.map((values) => Column.of((n) => new Int32Array(n), values)) as KeywordIndex['lengths'];
    index.publishedDay = Column.of((n) => new Float64Array(n), state.publishedDay);
    index.publishedMs = Column.of((n) => new Float64Array(n), state.publishedMs);
    index.hasCode = Column.of((n) => new Uint8Array(n), state.hasCode);
    index.categorySet = Column.of((n) => new Int32Array(n), state.categorySet);
    state.categorySets.forEach((set) => index.categorySetId(set));
    index.dead = Column.of((n) => new Uint8Array(n), state.dead);
    index.positions = new TermPositions(state.sequenceStarts, state.positions);
    index.slotOfDoc = new DocSlots(state.liveDocs);
    const { docIds, dead, lengths } = state;
    for (let slot = 0; slot < docIds.length; slot++) {
      if (dead[slot] === 1) {
        index.deadCount++;
        continue;
      }
      for (let f = 0; f < 3; f++) index.lengthTotals[f]! += lengths[f]![slot]!;
    }
    return index;
  }

  /**
   * Checks the term positions of the snapshot it was loaded from, in the background: 'damaged'
   * means it must be rebuilt (its phrase tests rule nothing out meanwhile); null, that it no
   * longer reads that file.
   */
  checkPositions(): Promise<PositionsVerdict | null> {
    return this.positions.checkFile();
  }

  /** Closes the positions' file: for an index no search will use again (a test after this throws). */
  close(): void {
    this.positions.close();
  }

  slotOf(docId: number): number | undefined {
    return this.slotOfDoc.get(docId);
  }

  /** Every live paper that the query matches, scored. */
  match(query: IndexQuery, params: Bm25Params = this.params): Matches {
    this.prepareScratch(params);
    const { scores, hits, flags, touched } = this;
    const dead = this.dead.raw;
    let touchedCount = 0;
    const { k1 } = params;
    const weights = this.fieldWeights;
    const wTitle = weights[0]!;
    const wAbstract = weights[1]!;
    const wAuthors = weights[2]!;
    const [normTitle, normAbstract, normAuthors] = this.norms as [Float32Array, Float32Array, Float32Array];
    // Papers outside the filters are passed over as their postings are read: neither scored
    // nor touched (a date range or a category leaves most of a common word's papers out).
    const admits = this.filterOf(query);

    // flags: bit 1 touched, 2 excluded, 4 matched a scored term. Loops are written out, not
    // passed callbacks: this is the hot path of every search.
    for (const { term, weight } of query.scored) {
      const idf = this.idf(term) * weight;
      const postings = this.postingsOf(term);
      while (postings.next()) {
        const slot = postings.slot;
        if (admits !== null && !admits(slot)) continue;
        const tf = postings.tf;
        const w =
          wTitle * (tf & TITLE_MAX) * normTitle[slot]! +
          wAbstract * ((tf >>> ABSTRACT_SHIFT) & ABSTRACT_MAX) * normAbstract[slot]! +
          wAuthors * (tf >>> AUTHORS_SHIFT) * normAuthors[slot]!;
        if (w <= 0) continue;
        if (flags[slot] === 0) touched[touchedCount++] = slot;
        flags[slot]! |= 5;
        scores[slot]! += (idf * w * (k1 + 1)) / (k1 + w);
      }
    }
    const required = dedupe(query.required);
    for (const { term, field } of required) {
      const postings = this.postingsOf(term);
      while (postings.next()) {
        if (field === 'authors' && postings.tf >>> AUTHORS_SHIFT === 0) continue;
        const slot = postings.slot;
        if (admits !== null && !admits(slot)) continue;
        if (flags[slot] === 0) touched[touchedCount++] = slot;
        flags[slot]! |= 1;
        if (hits[slot]! < 255) hits[slot]!++;
      }
    }
    for (const term of new Set(query.excluded)) {
      const postings = this.postingsOf(term);
      while (postings.next()) {
        const slot = postings.slot;
        if (admits !== null && !admits(slot)) continue;
        if (flags[slot] === 0) touched[touchedCount++] = slot;
        flags[slot]! |= 3;
      }
    }

    // All required terms, and at least one scored term when the query has any: "experts
    // author:Lima" wants Lima's papers about experts, not all of Lima's papers.
    const needed = Math.min(required.length, 255);
    const anyScored = query.scored.length > 0;
    const slots = new Int32Array(touchedCount);
    const out = new Float64Array(touchedCount);
    let count = 0;
    for (let t = 0; t < touchedCount; t++) {
      const slot = touched[t]!;
      const flag = flags[slot]!;
      const keep = (flag & 2) === 0 && hits[slot] === needed && (!anyScored || (flag & 4) !== 0) && dead[slot] === 0;
      if (keep) {
        slots[count] = slot;
        out[count] = scores[slot]!;
        count++;
      }
      scores[slot] = 0;
      hits[slot] = 0;
      flags[slot] = 0;
    }
    return { slots, scores: out, count };
  }

  /**
   * What `match` and a ranking by relevance (byRelevance) give for the best `depth` papers of a
   * query with one scored term and no required terms, and how many papers match in all, without
   * scoring every posting of a common word ("model": 817,000 of a million papers, 25 ms to score
   * them all). A common word's best come from its head (term-heads.ts) when the head settles
   * them; otherwise a posting whose frequencies could not beat the worst paper kept, even in the
   * shortest fields of the index, is counted and passed over unscored.
   */
  bestMatches(query: IndexQuery, depth: number, params: Bm25Params = this.params): Matches {
    const [only, ...others] = query.scored;
    if (!only || others.length > 0 || query.required.length > 0)
      throw new Error('bestMatches ranks one scored term without required terms');
    this.prepareScratch(params);
    const termId = this.termIds.get(only.term) ?? -1;
    // Before the excluded papers are flagged: a head holds the best of all papers.
    const head = this.headOf(termId, params);
    const admits = this.filterOf(query);
    const excluded = this.markExcluded(query.excluded, admits);
    try {
      const idf = this.idf(only.term) * only.weight;
      const fromHead = head && this.bestFromHead(termId, head, idf, depth, admits, excluded.length > 0, params);
      if (fromHead) return fromHead;
      const { best, total } = this.scanBest(termId, true, idf, depth, admits, params);
      return { slots: best.ids.subarray(0, best.count), scores: best.scores.subarray(0, best.count), count: best.count, total };
    } finally {
      for (const slot of excluded) this.flags[slot] = 0;
    }
  }

  /**
   * Reads a term's postings (the built segment's, and `withAdded` those added since), counting
   * the live ones within the filters and not flagged excluded, and keeping the best `depth` by
   * score: `idf` · saturated field weight (idf 1 orders by field weight alone).
   */
  private scanBest(
    termId: number,
    withAdded: boolean,
    idf: number,
    depth: number,
    admits: ((slot: number) => boolean) | null,
    params: Bm25Params,
  ): { best: BestKept; total: number } {
    const { flags } = this;
    const dead = this.dead.raw;
    const { k1 } = params;
    const weights = this.fieldWeights;
    const wTitle = weights[0]!;
    const wAbstract = weights[1]!;
    const wAuthors = weights[2]!;
    const [normTitle, normAbstract, normAuthors] = this.norms as [Float32Array, Float32Array, Float32Array];
    // The most any posting's field can weigh, per unit of frequency.
    const boundTitle = wTitle * this.maxNorms[0];
    const boundAbstract = wAbstract * this.maxNorms[1];
    const boundAuthors = wAuthors * this.maxNorms[2];
    const best = new BestKept(depth, (a, b) => this.isNewer(a, b));
    // The field weight a paper needs to be kept: what scores as the worst kept, once `depth`
    // are. Below this fraction of it a weight surely loses, rounding included.
    let needed = 0;
    const losing = 1 - 1e-9;
    const saturated = idf * (k1 + 1);
    let total = 0;
    const postings = this.cursor.open(this.segment, termId, withAdded ? this.added.get(termId) : undefined);
    while (postings.next()) {
      const slot = postings.slot;
      if (dead[slot] !== 0 || flags[slot] !== 0 || (admits !== null && !admits(slot))) continue;
      const tf = postings.tf;
      const title = tf & TITLE_MAX;
      const abstract = (tf >>> ABSTRACT_SHIFT) & ABSTRACT_MAX;
      const authors = tf >>> AUTHORS_SHIFT;
      const bound = title * boundTitle + abstract * boundAbstract + authors * boundAuthors;
      if (bound <= 0) continue;
      total++;
      if (bound < needed * losing) continue;
      const w =
        wTitle * title * normTitle[slot]! + wAbstract * abstract * normAbstract[slot]! + wAuthors * authors * normAuthors[slot]!;
      if (w < needed * losing) continue;
      best.offer(slot, (idf * w * (k1 + 1)) / (k1 + w));
      if (best.full) {
        // score = idf·w·(k1 + 1) / (k1 + w), solved for w.
        const floor = best.worstScore;
        needed = floor < saturated ? (floor * k1) / (saturated - floor) : Infinity;
      }
    }
    return { best, total };
  }

  /** The term's head (made now if it has none yet), or undefined for a word too rare for one or other parameters. */
  private headOf(termId: number, params: Bm25Params): TermHead | undefined {
    // With a field that weighs nothing, holding the word would not make a match (countHolders).
    const weighed = params.titleWeight > 0 && params.abstractWeight > 0 && params.authorsWeight > 0;
    if (termId < 0 || params !== this.params || !weighed || (this.df[termId] ?? 0) < HEAD_FROM) return undefined;
    let head = this.heads.get(termId);
    if (!head) {
      const { best } = this.scanBest(termId, false, 1, HEAD_SIZE, null, params);
      const slots = best.ids.slice(0, best.count);
      const tfs = Int32Array.from(slots, (slot) => this.tfOfId(termId, slot));
      let cut = Infinity;
      for (let i = 0; i < slots.length; i++) cut = Math.min(cut, this.fieldWeight(tfs[i]!, slots[i]!));
      head = { slots, tfs, cut: best.full ? cut : 0, averages: this.fieldAverages() };
      this.heads.set(termId, head);
    }
    return head;
  }

  /**
   * The best `depth` papers from the term's head and the postings added since the build, or
   * null when the head cannot settle them (too few of its papers within the filters, or the
   * worst kept not above what any other built paper may score now).
   */
  private bestFromHead(
    termId: number,
    head: TermHead,
    idf: number,
    depth: number,
    admits: ((slot: number) => boolean) | null,
    anyExcluded: boolean,
    params: Bm25Params,
  ): Matches | null {
    const { flags } = this;
    const dead = this.dead.raw;
    const { k1 } = params;
    const scoreOf = (w: number) => (idf * w * (k1 + 1)) / (k1 + w);
    const best = new BestKept(depth, (a, b) => this.isNewer(a, b));
    const consider = (slot: number, tf: number) => {
      if (dead[slot] !== 0 || flags[slot] !== 0 || (admits !== null && !admits(slot))) return;
      const w = this.fieldWeight(tf, slot);
      if (w > 0) best.offer(slot, scoreOf(w));
    };
    for (let i = 0; i < head.slots.length; i++) consider(head.slots[i]!, head.tfs[i]!);
    const added = this.cursor.open(EMPTY_SEGMENT, -1, this.added.get(termId));
    while (added.next()) consider(added.slot, added.tf);
    // Float32 norms round apart by about 1e-7: the bound keeps a margin above that.
    const rest = scoreOf(head.cut * driftOf(head.averages, this.fieldAverages())) * (1 + 1e-6);
    if (!best.full || !(best.worstScore > rest)) return null;
    const total = admits === null && !anyExcluded ? this.df[termId]! : this.countHolders(termId, admits);
    return { slots: best.ids.subarray(0, best.count), scores: best.scores.subarray(0, best.count), count: best.count, total };
  }

  /** The live papers holding a term, within the filters and not flagged excluded: with every field weighed, its matches. */
  private countHolders(termId: number, admits: ((slot: number) => boolean) | null): number {
    const { flags } = this;
    const dead = this.dead.raw;
    let count = 0;
    const postings = this.cursor.open(this.segment, termId, this.added.get(termId));
    while (postings.next()) {
      const slot = postings.slot;
      if (dead[slot] === 0 && flags[slot] === 0 && (admits === null || admits(slot))) count++;
    }
    return count;
  }

  /** BM25F's field weight w of a posting (before saturation), with the parameters of the query under way. */
  private fieldWeight(tf: number, slot: number): number {
    const [normTitle, normAbstract, normAuthors] = this.norms as [Float32Array, Float32Array, Float32Array];
    const weights = this.fieldWeights;
    return (
      weights[0]! * (tf & TITLE_MAX) * normTitle[slot]! +
      weights[1]! * ((tf >>> ABSTRACT_SHIFT) & ABSTRACT_MAX) * normAbstract[slot]! +
      weights[2]! * (tf >>> AUTHORS_SHIFT) * normAuthors[slot]!
    );
  }

  /** The average length of each field over the live papers. */
  private fieldAverages(): number[] {
    const live = Math.max(1, this.liveCount);
    return this.lengthTotals.map((total) => Math.max(1e-9, total / live));
  }

  /** Flags (2) the papers within the filters holding an excluded term, and returns them for clearing. */
  private markExcluded(terms: string[], admits: ((slot: number) => boolean) | null): number[] {
    const marked: number[] = [];
    for (const term of new Set(terms)) {
      const postings = this.postingsOf(term);
      while (postings.next()) {
        const slot = postings.slot;
        if (this.flags[slot] !== 0 || (admits !== null && !admits(slot))) continue;
        this.flags[slot] = 2;
        marked.push(slot);
      }
    }
    return marked;
  }

  /** Whether the paper in slot a is newer than b's (published later, else added later): relevance's tie-break. */
  isNewer(a: number, b: number): boolean {
    const ta = this.publishedMs.raw[a]!;
    const tb = this.publishedMs.raw[b]!;
    if (ta !== tb) return ta > tb;
    return this.docIds.raw[a]! > this.docIds.raw[b]!;
  }

  /**
   * One paper's score for scored terms, as `match` would give it, without scoring every other
   * paper: recommendations need a library paper's score against itself while searching a window
   * it is not in.
   */
  scoreOf(slot: number, scored: readonly ScoredTerm[], params: Bm25Params = this.params): number {
    this.prepareScratch(params);
    const { k1 } = params;
    let score = 0;
    for (const { term, weight } of scored) {
      const w = this.fieldWeight(this.tfOf(term, slot), slot);
      if (w > 0) score += (this.idf(term) * weight * w * (k1 + 1)) / (k1 + w);
    }
    return score;
  }

  /** The packed term frequencies of a term in a paper (0 when absent). */
  private tfOf(term: string, slot: number): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.tfOfId(id, slot);
  }

  private tfOfId(id: number, slot: number): number {
    // Both lists hold each term's papers by slot, ascending: slots are handed out in order.
    const added = this.added.get(id);
    if (added && added.slots.length > 0 && slot >= added.slots[0]!) {
      let low = 0;
      let high = added.slots.length - 1;
      while (low <= high) {
        const mid = (low + high) >>> 1;
        const found = added.slots[mid]!;
        if (found === slot) return added.tfs[mid]!;
        if (found < slot) low = mid + 1;
        else high = mid - 1;
      }
      return 0;
    }
    // In the built segment, from the block its skip entries point to, at most one block is decoded.
    const postings = this.cursor.open(this.segment, id, undefined).skipTowards(this.segment, id, slot);
    while (postings.next()) {
      if (postings.slot === slot) return postings.tf;
      if (postings.slot > slot) return 0;
    }
    return 0;
  }

  /** The shared cursor at the start of a term's postings (the built segment's, then those added since). */
  private postingsOf(term: string): PostingCursor {
    const id = this.termIds.get(term);
    return this.cursor.open(this.segment, id ?? -1, id === undefined ? undefined : this.added.get(id));
  }

  /**
   * A test for papers the query did not match by words (semantic neighbours): alive,
   * within the filters, and free of excluded words.
   */
  admissible(query: Pick<IndexQuery, 'excluded' | 'fromDay' | 'toDay' | 'category' | 'hasCode'>): (slot: number) => boolean {
    const excluded = new Set<number>();
    for (const term of query.excluded) {
      const postings = this.postingsOf(term);
      while (postings.next()) excluded.add(postings.slot);
    }
    const admits = this.filterOf(query);
    return (slot) =>
      slot < this.docIds.length && this.dead.raw[slot] === 0 && !excluded.has(slot) && (admits === null || admits(slot));
  }

  /**
   * The query's filters as a test of slots, or null without filters. A category is decided
   * once per distinct set of categories (thousands), not per paper (a million): a test per
   * candidate of a common word was most of a filtered search's time at a million papers.
   */
  private filterOf(query: Pick<IndexQuery, 'fromDay' | 'toDay' | 'category' | 'hasCode'>): ((slot: number) => boolean) | null {
    const { fromDay, toDay, category, hasCode } = query;
    if (fromDay === undefined && toDay === undefined && category === undefined && hasCode === undefined) return null;
    const wantsCode = hasCode === undefined ? -1 : hasCode ? 1 : 0;
    const sets = this.categorySets;
    // Sets first seen after the test was made (papers indexed meanwhile) are decided as they come.
    const inCategory =
      category === undefined ? null : Uint8Array.from(sets, (set) => (anyCategoryMatches([category], set) ? 1 : 0));
    const categoryHolds = (set: number) =>
      set < inCategory!.length ? inCategory![set] === 1 : anyCategoryMatches([category!], sets[set]!);
    // A paper's day is read only for a date bound: a scan of a common word reads the columns at every posting.
    const dated = fromDay !== undefined || toDay !== undefined;
    const from = fromDay ?? -Infinity;
    const to = toDay ?? Infinity;
    return (slot) => {
      if (dated) {
        const day = this.publishedDay.raw[slot]!;
        if (!(day >= from && day <= to)) return false;
      }
      if (wantsCode >= 0 && this.hasCode.raw[slot] !== wantsCode) return false;
      return inCategory === null || categoryHolds(this.categorySet.raw[slot]!);
    };
  }

  private newSlot(doc: SearchDocument): number {
    const slot = this.docIds.length;
    this.docIds.push(doc.docId);
    this.slotOfDoc.set(doc.docId, slot);
    const day = doc.publishedAt ? Number(doc.publishedAt.slice(0, 10).replaceAll('-', '')) : NaN;
    this.publishedDay.push(day);
    this.publishedMs.push(doc.publishedAt ? Date.parse(doc.publishedAt) : 0);
    this.hasCode.push(doc.hasCode ? 1 : 0);
    this.categorySet.push(this.categorySetId(doc.categories));
    this.dead.push(0);
    this.normsKey = '';
    return slot;
  }

  private categorySetId(categories: string[]): number {
    const key = categories.join(' ');
    let id = this.categorySetIds.get(key);
    if (id === undefined) {
      id = this.categorySets.length;
      this.categorySets.push(categories);
      this.categorySetIds.set(key, id);
    }
    return id;
  }

  /** Lower-cased word → term id: most words repeat, so folding and stemming run once per word. */
  private readonly wordIds = new Map<string, number>();
  // Scratch for countTerms, reused across papers: packed counts by term id, and which are set.
  private counts = new Int32Array(1 << 16);
  private readonly countedTerms: number[] = [];

  private termIdOfWord(word: string): number {
    let id = this.wordIds.get(word);
    if (id !== undefined) return id;
    const term = termOf(word);
    if (term === '') return -1; // only combining marks: not a word
    id = this.termIds.idOf(term);
    this.wordIds.set(word, id);
    return id;
  }

  /** The paper's terms with packed field frequencies, as [term id, packed] pairs; records its field lengths. */
  private countTerms(doc: SearchDocument): [number, number][] {
    const counted = this.countedTerms;
    counted.length = 0;
    const fields: [string, boolean][] = [
      [doc.title, true],
      [doc.abstract ?? '', true],
      [doc.authors.join(' ; '), false],
    ];
    for (let f = 0; f < 3; f++) {
      const [text, skipStopWords] = fields[f]!;
      const unit = f === 0 ? 1 : f === 1 ? 1 << 8 : 1 << AUTHORS_SHIFT;
      const max = fieldMax(f);
      let length = 0;
      this.positions.startField();
      forEachWord(text, skipStopWords, (word) => {
        const id = this.termIdOfWord(word);
        if (id < 0) return;
        length++;
        // Names keep stop words as terms ("An", "Will"), but phrases are matched without them.
        if (skipStopWords || !STOP_WORDS.has(word)) this.positions.append(id);
        if (id >= this.counts.length) this.counts = grow(this.counts);
        const packed = this.counts[id]!;
        if (packed === 0) counted.push(id);
        // Saturate each field's count instead of carrying into the next field's bits.
        if (((packed / unit) & max) < max) this.counts[id] = packed + unit;
      });
      this.lengths[f]!.push(length);
      this.lengthTotals[f]! += length;
    }
    const out: [number, number][] = counted.map((id) => [id, this.counts[id]!]);
    for (const id of counted) this.counts[id] = 0;
    return out;
  }

  /**
   * A test of whether a paper may contain a phrase, given as its content terms (queryTerms):
   * false means it surely does not, because no field holds those terms next to each other in
   * that order; true means its text must still be checked (stop words, a 16-bit collision).
   * One read of the positions' file a call: for a few papers (possiblePhrases tests many).
   */
  phraseTest(terms: string[]): (slot: number) => boolean {
    return (slot) => this.possiblePhrases([terms], [slot], 0, 1)[0] === 1;
  }

  /**
   * phraseTest for many papers and phrases at once: for each of slots[from, to), 1 when the
   * paper may contain every phrase, 0 when it surely lacks one. Neighbouring papers' positions
   * come in one read.
   */
  possiblePhrases(phrases: string[][], slots: ArrayLike<number>, from: number, to: number): Uint8Array {
    const keys: number[][] = [];
    for (const terms of phrases) {
      const ids = terms.map((term) => this.termIds.get(term));
      // A term no paper has: no paper has the phrase.
      if (ids.some((id) => id === undefined)) return new Uint8Array(to - from);
      keys.push(ids.map((id) => id! & 0xffff));
    }
    return this.positions.mayHoldAll(keys, slots, from, to);
  }

  /**
   * Makes the query scratch and BM25's length norms a first search would (26 MB and ~30 ms at a
   * million papers), so that search does not pay for them: an index is warmed before it serves.
   */
  warm(): void {
    this.prepareScratch(this.params);
  }

  private prepareScratch(params: Bm25Params): void {
    this.fieldWeights = Float64Array.of(params.titleWeight, params.abstractWeight, params.authorsWeight);
    const n = this.docIds.length;
    if (this.scores.length < n) {
      const size = Math.max(n, Math.ceil(this.scores.length * 1.5));
      this.scores = new Float64Array(size);
      this.hits = new Uint8Array(size);
      this.flags = new Uint8Array(size);
      this.touched = new Int32Array(size);
    }
    const bs = [params.titleB, params.abstractB, params.authorsB];
    const key = `${n}:${bs.join(',')}`;
    if (this.normsKey !== key) {
      // 1 / (1 - b + b * length / average length), per field and paper: BM25's length normalisation.
      const averages = this.fieldAverages();
      this.norms = bs.map((b, f) => {
        const average = averages[f]!;
        const lengths = this.lengths[f]!.raw;
        const norm = new Float32Array(n);
        let max = 0;
        for (let slot = 0; slot < n; slot++) {
          norm[slot] = 1 / (1 - b + (b * lengths[slot]!) / average);
          if (lengths[slot]! > 0 && norm[slot]! > max) max = norm[slot]!;
        }
        this.maxNorms[f] = max;
        return norm;
      });
      this.normsKey = key;
    }
  }
}

/** The terms of stop words, which author names keep ("An", "Will") though phrases skip them. */
const STOP_WORD_TERMS = [...new Set([...STOP_WORDS].map(termOf))];

function fieldMax(field: number): number {
  return field === 0 ? TITLE_MAX : field === 1 ? ABSTRACT_MAX : AUTHORS_MAX;
}

function dedupe(terms: RequiredTerm[]): RequiredTerm[] {
  const seen = new Set<string>();
  return terms.filter((t) => {
    const key = `${t.field}\u0000${t.term}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function grow(buffer: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(buffer.length * 2);
  bigger.set(buffer);
  return bigger;
}
