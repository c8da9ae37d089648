/**
 * BM25F (Robertson, Zaragoza & Taylor 2004): each field's term frequency is normalised by
 * that field's length and weighted before one saturation, so a word in a short title counts
 * for more than the same word deep in an abstract, without counting it twice.
 *
 *   w(t, d)   = Σ_f  weight_f · tf_f(t, d) / (1 − b_f + b_f · len_f(d) / avglen_f)
 *   score(d)  = Σ_t  idf(t) · w · (k1 + 1) / (k1 + w),   idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5))
 */
export interface Bm25Params {
  k1: number;
  titleWeight: number;
  abstractWeight: number;
  authorsWeight: number;
  titleB: number;
  abstractB: number;
  authorsB: number;
}

/** Tuned on SciFact's training queries only (bench/scifact.ts --tune); see BENCHMARKS.md. */
export const DEFAULT_BM25: Readonly<Bm25Params> = Object.freeze({
  k1: 1.2,
  titleWeight: 2,
  abstractWeight: 1,
  authorsWeight: 1,
  titleB: 0.5,
  abstractB: 0.75,
  authorsB: 0.5,
});
