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
    const { dimensions, matrix } = this;
    const out = new Float32Array(this.count);
    for (let row = 0, base = 0; row < out.length; row++, base += dimensions) {
      let dot = 0;
      for (let i = 0; i < dimensions; i++) dot += matrix[base + i]! * query[i]!;
      out[row] = dot;
    }
    return out;
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
