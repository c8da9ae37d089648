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

/**
 * Tuned by coordinate ascent on SciFact's 809 training claims only (`npm run bench:scifact
 * -- --tune`); the authors' weight, which SciFact cannot tell, stays at the abstract's.
 */
export const DEFAULT_BM25: Readonly<Bm25Params> = Object.freeze({
  k1: 1.6,
  titleWeight: 5,
  abstractWeight: 1,
  authorsWeight: 1,
  titleB: 0.75,
  abstractB: 0.8,
  authorsB: 0.5,
});
