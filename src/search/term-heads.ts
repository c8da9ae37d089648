/*
 * The best postings of a common word, remembered per index. A one-word search ranks its best
 * matches (KeywordIndex.bestMatches); for "model", 817,000 of a million papers, finding them
 * means reading every posting and scoring the 150,000 that could win, 20 ms, and the length
 * norms it reads at random are out of the CPU's caches whenever another page came between two
 * such searches. A head is the best HEAD_SIZE of a word's built postings by field weight (BM25F's
 * w, before saturation) when it was made, with the weight of the last: every other built posting
 * had at most that. Lengths' averages move as papers come and go, and with them each paper's
 * norms, but by no more than the ratio of the averages (driftOf), so the head still bounds the
 * rest, and a ranking from it is the ranking of all when its worst kept paper beats that bound.
 */

/** Postings a head keeps: enough for the deepest cheap page within a filter that admits one paper in four. */
export const HEAD_SIZE = 4_096;
/** Words with fewer papers are ranked by reading their postings: a few milliseconds at most. */
export const HEAD_FROM = 50_000;
/** Heads kept per index (32 KB each), the longest-unused dropped first. */
const HEADS_KEPT = 256;

export interface TermHead {
  /** The best built postings when the head was made: slots, and their packed term frequencies. */
  slots: Int32Array;
  tfs: Int32Array;
  /** The field weight of the worst of them: no other built posting had more (0 when the head holds them all). */
  cut: number;
  /** The average length of each field when it was made. */
  averages: readonly number[];
}

/**
 * How much more any paper's field weight can be now than when `then` were the average field
 * lengths: a field's norm 1 / (1 − b + b·length/average) grows with its average, at most in the
 * averages' ratio (for the longest fields), and never when the average shrinks.
 */
export function driftOf(then: readonly number[], now: readonly number[]): number {
  let drift = 1;
  for (let f = 0; f < then.length; f++) drift = Math.max(drift, now[f]! / then[f]!);
  return drift;
}

/** Heads by term id, the longest-unused dropped past HEADS_KEPT. */
export class TermHeads {
  private readonly heads = new Map<number, TermHead>();

  get(termId: number): TermHead | undefined {
    const head = this.heads.get(termId);
    if (head) {
      // A Map iterates in insertion order: re-inserting marks it used last.
      this.heads.delete(termId);
      this.heads.set(termId, head);
    }
    return head;
  }

  set(termId: number, head: TermHead): void {
    this.heads.set(termId, head);
    if (this.heads.size > HEADS_KEPT) this.heads.delete(this.heads.keys().next().value!);
  }

  /** Bytes held, for the index's memory account. */
  get bytes(): number {
    let bytes = 0;
    for (const head of this.heads.values()) bytes += head.slots.byteLength + head.tfs.byteLength;
    return bytes;
  }
}
