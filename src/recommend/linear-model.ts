import { forEachTerm } from '../search/analyzer.ts';
import type { KeywordIndex } from '../search/keyword-index.ts';
import type { Recommended, TasteDocs } from './model.ts';
import { seededRandom } from '../core/seeded-random.ts';

/*
 * The per-member linear model of issue 11 (arxiv-sanity's and Scholar Inbox's approach), as a
 * re-ranker of model.ts's best candidates: logistic regression over the papers' tf·idf vectors,
 * trained per request on the library (positives) against "not interested" papers, a sample
 * of the hub's papers and the candidates themselves (negatives), its score blended with the
 * model's. It only re-orders the candidates model.ts brought in: scoring the whole window would
 * need every paper's terms, which the keyword index keeps no forward list of.
 *
 * Measured, not in recommendPapers' path: `npm run bench:recommend` ranks with it beside
 * model.ts alone. It gains about 0.01 on each text-only figure, but lowers the with-authors
 * ranking (recall@20 0.971 → 0.698 at blend 0.2) and more than doubled the request's latency
 * (BENCHMARKS.md, "The per-member linear model as a re-ranker").
 */

/** A paper's text as the linear model reads it. */
export interface PaperTextOnly {
  title: string;
  abstract: string | null;
}

/** Sublinear tf·idf of a paper's title (words counted twice) and abstract, unit length. */
export interface TermVector {
  terms: string[];
  weights: Float64Array;
}

export interface LinearOptions {
  /** How much the linear model's standardised score adds to the model's (its score over its best). */
  blend: number;
  /** Candidates re-ranked: model.ts's best this many. */
  pool: number;
  epochs: number;
  /** L2 regularisation per example. */
  lambda: number;
  /**
   * Weight of a "not interested" paper against a sampled one: ten times a candidate's, since it
   * is the member's word, not a guess (at 5, below the candidates' 3 once balanced, a paper like
   * the marked one no longer fell below one that only shares an author with the library).
   */
  notInterestedWeight: number;
  /**
   * Weight of each candidate as a negative: the candidates share the library's topic, so against
   * them the model learns what is the member's own within it (some of them are what the member
   * wants, hence a small weight).
   */
  candidateNegativeWeight: number;
  seed: number;
}

export const DEFAULT_LINEAR: Readonly<LinearOptions> = Object.freeze({
  blend: 0.2,
  pool: 300,
  epochs: 10,
  lambda: 1e-4,
  notInterestedWeight: 30,
  candidateNegativeWeight: 3,
  seed: 1,
});

/** Sampled papers, the negatives every member's model is trained against. */
export const SAMPLED_NEGATIVES = 300;

export function termVector(index: KeywordIndex, paper: PaperTextOnly): TermVector {
  const counts = new Map<string, number>();
  forEachTerm(paper.title, true, (term) => counts.set(term, (counts.get(term) ?? 0) + 2));
  forEachTerm(paper.abstract ?? '', true, (term) => counts.set(term, (counts.get(term) ?? 0) + 1));
  const terms: string[] = [];
  const weights = new Float64Array(counts.size);
  let norm = 0;
  for (const [term, tf] of counts) {
    const weight = (1 + Math.log(tf)) * index.idf(term);
    weights[terms.length] = weight;
    terms.push(term);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < weights.length; k++) weights[k]! /= norm;
  return { terms, weights };
}

/** Slots of the index drawn with a seed (alive ones only), for the sampled negatives. */
export function sampleSlots(index: KeywordIndex, count: number, seed: number): number[] {
  const alive = index.admissible({ excluded: [] });
  const random = seededRandom(seed);
  const picked = new Set<number>();
  // Bounded: a hub with fewer live papers than asked for gives what it has.
  for (let tries = 0; tries < count * 4 && picked.size < count && index.slotCount > 0; tries++) {
    const slot = Math.floor(random() * index.slotCount);
    if (alive(slot)) picked.add(slot);
  }
  return [...picked];
}

export interface Example {
  vector: TermVector;
  positive: boolean;
  weight: number;
}

export interface LinearModel {
  /** The log-odds that the paper is one the member wants. */
  score(vector: TermVector): number;
  /** The terms with the largest positive weights, strongest first. */
  strongestTerms(count: number): string[];
}

/**
 * L2-regularised logistic regression by SGD, examples in a seeded order each epoch, the step
 * shrinking as 1 / (1 + epoch). The classes are balanced (a library of eight papers against
 * hundreds of negatives would otherwise learn "no"). Weights are kept as scale × v, so the
 * regularisation's shrinking of all weights costs one multiplication a step.
 */
export function trainLogistic(
  examples: readonly Example[],
  options: Pick<LinearOptions, 'epochs' | 'lambda' | 'seed'>,
): LinearModel {
  const ids = new Map<string, number>();
  const encoded = examples.map(({ vector }) =>
    Int32Array.from(vector.terms, (term) => {
      let id = ids.get(term);
      if (id === undefined) ids.set(term, (id = ids.size));
      return id;
    }),
  );
  const v = new Float64Array(ids.size);
  let scale = 1;
  let bias = 0;
  const positives = examples.filter((e) => e.positive).reduce((sum, e) => sum + e.weight, 0);
  const negatives = examples.filter((e) => !e.positive).reduce((sum, e) => sum + e.weight, 0);
  const classWeight = (positive: boolean) =>
    (positive ? 0.5 / Math.max(positives, 1e-9) : 0.5 / Math.max(negatives, 1e-9)) * examples.length;
  const random = seededRandom(options.seed);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const step = 0.5 / (1 + epoch);
    for (const e of order) {
      const { vector, positive, weight } = examples[e]!;
      const terms = encoded[e]!;
      let dot = bias;
      for (let k = 0; k < terms.length; k++) dot += scale * v[terms[k]!]! * vector.weights[k]!;
      const gradient = (positive ? 1 : 0) - 1 / (1 + Math.exp(-dot));
      const g = step * gradient * weight * classWeight(positive);
      scale *= 1 - step * options.lambda;
      for (let k = 0; k < terms.length; k++) v[terms[k]!]! += (g * vector.weights[k]!) / scale;
      bias += g;
    }
    // Keep v in range: scale only shrinks.
    if (scale < 1e-6) {
      for (let k = 0; k < v.length; k++) v[k]! *= scale;
      scale = 1;
    }
  }
  return {
    score(vector) {
      let dot = bias;
      for (let k = 0; k < vector.terms.length; k++) {
        const id = ids.get(vector.terms[k]!);
        if (id !== undefined) dot += scale * v[id]! * vector.weights[k]!;
      }
      return dot;
    },
    strongestTerms(count) {
      return [...ids]
        .filter(([, id]) => v[id]! > 0)
        .sort((a, b) => v[b[1]]! - v[a[1]]! || (a[0] < b[0] ? -1 : 1))
        .slice(0, count)
        .map(([term]) => term);
    },
  };
}

/**
 * The candidates re-ranked: model score over the best one, plus `blend` × the linear model's
 * score standardised over the candidates (model.ts's, never the member's own papers).
 * `vectorOf` gives each candidate's vector (by doc id);
 * `sampled` are the sampled negatives' vectors. Returns the best `limit`, each keeping the
 * model's reason unless the linear model gave most of its score ("words you read about", in
 * the trained model's strongest words).
 */
export function rerankWithLinearModel(
  index: KeywordIndex,
  candidates: readonly Recommended[],
  taste: Pick<TasteDocs, 'positives' | 'negatives'>,
  vectorOf: (docId: number) => TermVector | undefined,
  sampled: readonly TermVector[],
  limit: number,
  options: LinearOptions = DEFAULT_LINEAR,
): Recommended[] {
  if (taste.positives.length === 0 || candidates.length === 0 || options.blend === 0) return candidates.slice(0, limit);
  const vectors = candidates.map((c) => vectorOf(c.docId));
  const examples: Example[] = [
    ...taste.positives.map((d) => ({ vector: termVector(index, d), positive: true, weight: 1 })),
    ...taste.negatives.map((d) => ({ vector: termVector(index, d), positive: false, weight: options.notInterestedWeight })),
    ...sampled.map((vector) => ({ vector, positive: false, weight: 1 })),
  ];
  if (options.candidateNegativeWeight > 0) {
    for (const vector of vectors) if (vector) examples.push({ vector, positive: false, weight: options.candidateNegativeWeight });
  }
  const model = trainLogistic(examples, options);
  const linear = vectors.map((vector) => (vector ? model.score(vector) : Number.NaN));
  const known = linear.filter((s) => !Number.isNaN(s));
  const mean = known.reduce((sum, s) => sum + s, 0) / Math.max(1, known.length);
  const spread = Math.sqrt(known.reduce((sum, s) => sum + (s - mean) ** 2, 0) / Math.max(1, known.length)) || 1;
  // Scores can be negative (a "not interested" paper's neighbours): scaled by the largest magnitude, the order stays.
  const best = Math.max(...candidates.map((c) => Math.abs(c.score))) || 1;
  let profile: string[] | undefined;
  const blended = candidates.map((c, i) => {
    const base = c.score / best;
    const part = Number.isNaN(linear[i]!) ? 0 : (options.blend * (linear[i]! - mean)) / spread;
    const reason = part > base ? { kind: 'terms' as const, profile: (profile ??= model.strongestTerms(20)) } : c.reason;
    return { docId: c.docId, score: base + part, reason };
  });
  return blended.sort((a, b) => b.score - a.score || a.docId - b.docId).slice(0, limit);
}
