/*
 * Term → id. A snapshot keeps its terms' ids sorted by term, searched by halving, so a load
 * builds no map of its terms (70 ms for the 187,000 terms of a million papers); terms first seen
 * since (or every term of a build) go into a map beside.
 */

export class TermIds {
  /** Terms by id: the snapshot's, then those added. */
  private readonly terms: string[];
  /** The snapshot's ids in term order. */
  private readonly sorted: Uint32Array;
  private readonly added = new Map<string, number>();

  constructor(terms: string[] = [], sorted: Uint32Array = new Uint32Array(0)) {
    this.terms = terms;
    this.sorted = sorted;
  }

  get size(): number {
    return this.terms.length;
  }

  get(term: string): number | undefined {
    return this.added.get(term) ?? this.find(term);
  }

  /** The term's id, a new one if it has none. */
  idOf(term: string): number {
    let id = this.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.added.set(term, id);
    }
    return id;
  }

  /** The first `count` terms by id: as they stay (terms are only added). */
  termsUpTo(count: number): string[] {
    return this.terms.slice(0, count);
  }

  private find(term: string): number | undefined {
    const { sorted, terms } = this;
    let low = 0;
    let high = sorted.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const found = terms[sorted[mid]!]!;
      if (found === term) return sorted[mid]!;
      if (found < term) low = mid + 1;
      else high = mid - 1;
    }
    return undefined;
  }
}

/** The ids of `terms` (by id) in term order: what a snapshot keeps. */
export function termOrderOf(terms: string[]): Uint32Array {
  return Uint32Array.from(terms.keys()).sort((a, b) => (terms[a]! < terms[b]! ? -1 : terms[a]! > terms[b]! ? 1 : 0));
}
