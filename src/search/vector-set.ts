import type { Store } from '../db/connect.ts';
import { listPaperVectors, vectorStamp } from '../store/search.ts';
import { type Embedder, normalized } from './embedder.ts';

/*
 * One model's paper vectors held in process as a single normalised matrix: an exact cosine
 * scan of 100,000 × 384 floats takes tens of milliseconds, which needs no vector extension
 * on either store. Reloaded when the store holds a different set.
 */

const PAGE = 5_000;

export class VectorSet {
  /** The mean of the stored vectors, made on first use. */
  private mean: Float32Array | null = null;

  constructor(
    readonly docIds: Float64Array,
    readonly matrix: Float32Array,
    readonly dimensions: number,
  ) {}

  get count(): number {
    return this.docIds.length;
  }

  /** Cosine similarity of every stored vector with a unit-length query vector. */
  similarities(query: Float32Array): Float32Array {
    const out = new Float32Array(this.count);
    for (let row = 0; row < out.length; row++) out[row] = this.similarity(row, query);
    return out;
  }

  /** Cosine similarity of one stored vector with a unit-length query vector. */
  similarity(row: number, query: Float32Array): number {
    const { dimensions, matrix } = this;
    const base = row * dimensions;
    let dot = 0;
    for (let i = 0; i < dimensions; i++) dot += matrix[base + i]! * query[i]!;
    return dot;
  }

  /** The stored (unit) vector of a row, as a view on the matrix. */
  vectorAt(row: number): Float32Array {
    return this.matrix.subarray(row * this.dimensions, (row + 1) * this.dimensions);
  }

  /** The row holding a paper's vector, or -1 (rows are in docId order, as the store lists them). */
  rowOf(docId: number): number {
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = this.docIds[middle]!;
      if (found === docId) return middle;
      if (found < docId) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /**
   * The mean cosine similarity of a unit-length query with every stored vector, in one dot product
   * (with the mean vector): what "unrelated" scores for this model, whose cosines rarely reach 0.
   */
  meanSimilarity(query: Float32Array): number {
    if (!this.mean) {
      const mean = new Float32Array(this.dimensions);
      for (let row = 0; row < this.count; row++) {
        const vector = this.vectorAt(row);
        for (let i = 0; i < this.dimensions; i++) mean[i] = mean[i]! + vector[i]! / this.count;
      }
      this.mean = mean;
    }
    let dot = 0;
    for (let i = 0; i < this.dimensions; i++) dot += this.mean[i]! * query[i]!;
    return dot;
  }
}

interface CacheEntry {
  set: VectorSet;
  stamp: string;
  checkedAt: number;
}

const caches = new WeakMap<Store, Map<string, CacheEntry>>();

/** The model's vectors; the store is asked whether they changed at most every `refreshMs`. */
export async function vectorSetOf(
  store: Store,
  embedder: Pick<Embedder, 'id' | 'dimensions'>,
  refreshMs: number,
): Promise<VectorSet> {
  let byModel = caches.get(store);
  if (!byModel) caches.set(store, (byModel = new Map()));
  const key = `${embedder.id}\u0000${embedder.dimensions}`;
  const cached = byModel.get(key);
  const now = Date.now();
  if (cached && now - cached.checkedAt < refreshMs) return cached.set;
  const stamp = await vectorStamp(store, embedder.id);
  if (cached && cached.stamp === stamp) {
    cached.checkedAt = now;
    return cached.set;
  }
  const set = await loadVectors(store, embedder);
  byModel.set(key, { set, stamp, checkedAt: now });
  return set;
}

async function loadVectors(store: Store, embedder: Pick<Embedder, 'id' | 'dimensions'>): Promise<VectorSet> {
  const docIds: number[] = [];
  const rows: Float32Array[] = [];
  let after = 0;
  for (;;) {
    const page = await listPaperVectors(store, embedder.id, embedder.dimensions, after, PAGE);
    for (const { docId, vector } of page) {
      if (vector.length !== embedder.dimensions) continue;
      docIds.push(docId);
      rows.push(normalized(vector));
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.docId;
  }
  const matrix = new Float32Array(rows.length * embedder.dimensions);
  rows.forEach((row, i) => matrix.set(row, i * embedder.dimensions));
  return new VectorSet(Float64Array.from(docIds), matrix, embedder.dimensions);
}
