import type { KeywordIndex } from '../search/keyword-index.ts';
import type { VectorSet } from '../search/vector-set.ts';

/*
 * The recommendation model's neighbours by meaning: the stored embedding vectors of the library
 * and of the window's papers (no call to the embedding model). A model's cosines rarely fall to 0
 * for unrelated papers (0.5 is common), so a similarity here is the cosine above the paper's mean
 * cosine with the whole archive, scaled so that 1 is still "as close as the paper to itself":
 * unrelated papers score 0, as they do by words, and the parts of the model keep their scale.
 */

/** The window's papers that have a vector: their rows in the vector set and their index slots. */
export interface EmbeddedCandidates {
  rows: number[];
  slots: number[];
}

export function embeddedCandidates(
  vectors: VectorSet,
  index: KeywordIndex,
  admit: (slot: number) => boolean,
): EmbeddedCandidates {
  const out: EmbeddedCandidates = { rows: [], slots: [] };
  for (let row = 0; row < vectors.count; row++) {
    const slot = index.slotOf(vectors.docIds[row]!);
    if (slot === undefined || !admit(slot)) continue;
    out.rows.push(row);
    out.slots.push(slot);
  }
  return out;
}

/**
 * Calls back with each candidate closer in meaning to the paper than the archive is on average,
 * and that similarity (0–1). Returns false when the paper has no vector (nothing was visited).
 */
export function meaningNeighbours(
  vectors: VectorSet,
  candidates: EmbeddedCandidates,
  docId: number,
  visit: (slot: number, similarity: number) => void,
): boolean {
  const row = vectors.rowOf(docId);
  if (row < 0) return false;
  const query = vectors.vectorAt(row);
  const baseline = vectors.meanSimilarity(query);
  if (baseline >= 1) return true;
  candidates.rows.forEach((candidate, i) => {
    const similarity = (vectors.similarity(candidate, query) - baseline) / (1 - baseline);
    if (similarity > 0) visit(candidates.slots[i]!, Math.min(1, similarity));
  });
  return true;
}
