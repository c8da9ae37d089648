import type { Store } from '../db/connect.ts';
import { checkVectors, type Embedder, normalized } from './embedder.ts';
import type { KeywordIndex, Matches } from './keyword-index.ts';
import { bestFirst, type Ranking } from './ordering.ts';
import { type VectorSet, vectorSetOf } from './vector-set.ts';

/** Semantic ranking as configured: the embedder and how patient to be with it. */
export interface SemanticSearch {
  embedder: Embedder;
  /** Prepended to queries (bge models want "Represent this sentence for searching relevant passages: "). */
  queryPrefix?: string;
  /** How long a query's embedding may take before keywords answer alone; default 1,500 ms. */
  timeoutMs?: number;
  /** After a failure, how long to answer with keywords alone before trying again; default 30 s. */
  retryAfterMs?: number;
  /** How often to look for new vectors in the store; default 10 s, 0 for every search. */
  vectorRefreshMs?: number;
  /** Told when the embedder starts failing and when it works again — not once per query. */
  log?: (event: { level: 'warn' | 'info'; message: string }) => void;
}

/** The configured model's stored paper vectors (cached: the store is asked for changes every `vectorRefreshMs`). */
export function storedVectors(store: Store, semantic: SemanticSearch): Promise<VectorSet> {
  return vectorSetOf(store, semantic.embedder, semantic.vectorRefreshMs ?? 10_000);
}

/** Reciprocal rank fusion's k (Cormack et al. 2009): how much the top ranks dominate. */
const RRF_K = 60;
/** How deep each ranking goes into the fusion. */
const FUSION_DEPTH = 100;

interface Health {
  failing: boolean;
  retryAt: number;
}

const health = new WeakMap<Embedder, Health>();

/**
 * The query's unit vector, or null when the embedder is down, slow or wrong. A fault is
 * logged when it starts, and the embedder is left alone for a while, so a dead endpoint
 * costs one timeout, not one per query.
 */
export async function embedQuery(semantic: SemanticSearch, text: string): Promise<Float32Array | null> {
  const { embedder } = semantic;
  const state = health.get(embedder) ?? { failing: false, retryAt: 0 };
  health.set(embedder, state);
  if (state.failing && Date.now() < state.retryAt) return null;
  const controller = new AbortController();
  const timeoutMs = semantic.timeoutMs ?? 1_500;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    const input = [(semantic.queryPrefix ?? '') + text];
    const vectors = await Promise.race([embedder.embed(input, { signal: controller.signal }), timeout]);
    const [vector] = checkVectors(embedder, input, vectors);
    if (state.failing) semantic.log?.({ level: 'info', message: `embedder ${embedder.id} works again; semantic search resumed` });
    state.failing = false;
    return normalized(vector!);
  } catch (error) {
    if (!state.failing) {
      semantic.log?.({
        level: 'warn',
        message: `embedder ${embedder.id} failed (${(error as Error).message}); searching by keywords alone until it answers again`,
      });
    }
    state.failing = true;
    state.retryAt = Date.now() + (semantic.retryAfterMs ?? 30_000);
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Fuses the keyword ranking with the semantic one by reciprocal rank: each paper scores
 * Σ 1/(60 + rank) over the two rankings' top 100. Keyword matches below both top-100s keep
 * their keyword order after every fused paper. Papers found only by meaning join when
 * `admit` allows them (filters, exclusions; never when the query requires words).
 * Returns null when there is nothing to fuse (no vectors, embedder down).
 */
export async function fuseMatches(
  semantic: SemanticSearch,
  store: Store,
  text: string,
  index: KeywordIndex,
  matches: Matches,
  keywordRanking: Ranking,
  admit: ((slot: number) => boolean) | null,
): Promise<Matches | null> {
  const query = await embedQuery(semantic, text);
  if (!query) return null;
  const vectors = await storedVectors(store, semantic);
  if (vectors.count === 0) return null;

  // Where each candidate sits in matches, so both rankings can address it.
  const position = new Map<number, number>();
  for (let i = 0; i < matches.count; i++) position.set(matches.slots[i]!, i);

  const similarity = vectors.similarities(query);
  const semanticRanked: number[] = []; // slots
  const byMeaning: Ranking = { keys: Float64Array.from(similarity), tieBetter: (a, b) => a < b };
  for (const row of bestFirst(vectors.count, byMeaning, FUSION_DEPTH * 2)) {
    const slot = index.slotOf(vectors.docIds[row]!);
    if (slot === undefined) continue;
    if (!(position.has(slot) || (admit !== null && admit(slot)))) continue;
    semanticRanked.push(slot);
    if (semanticRanked.length >= FUSION_DEPTH) break;
  }

  const fused = new Map<number, number>(); // slot → score
  let rank = 0;
  let lowestFused = Infinity;
  for (const i of bestFirst(matches.count, keywordRanking, FUSION_DEPTH)) {
    if (++rank > FUSION_DEPTH) break;
    fused.set(matches.slots[i]!, 1 / (RRF_K + rank));
  }
  semanticRanked.forEach((slot, r) => fused.set(slot, (fused.get(slot) ?? 0) + 1 / (RRF_K + r + 1)));
  for (const score of fused.values()) lowestFused = Math.min(lowestFused, score);

  // The rest keep keyword order, scaled below the lowest fused score.
  let maxKeyword = 0;
  for (let i = 0; i < matches.count; i++) maxKeyword = Math.max(maxKeyword, matches.scores[i]!);
  const slots: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < matches.count; i++) {
    const slot = matches.slots[i]!;
    slots.push(slot);
    scores.push(fused.get(slot) ?? (lowestFused * 0.999 * matches.scores[i]!) / (maxKeyword || 1));
  }
  for (const slot of semanticRanked) {
    if (position.has(slot)) continue;
    slots.push(slot);
    scores.push(fused.get(slot)!);
  }
  return { slots: Int32Array.from(slots), scores: Float64Array.from(scores), count: slots.length };
}
