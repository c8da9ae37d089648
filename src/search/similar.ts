import type { Store } from '../db/connect.ts';
import type { Paper } from '../core/paper.ts';
import { getPaperVector, paperRowWithDocId, visiblePapersByDocId } from '../store/search.ts';
import { forEachTerm } from './analyzer.ts';
import { normalized } from './embedder.ts';
import type { SearchIndex } from './index-sync.ts';
import type { KeywordIndex } from './keyword-index.ts';
import { bestFirst } from './ordering.ts';
import { affordableTerms } from './search.ts';
import { type SemanticSearch, storedVectors } from './semantic.ts';

export interface SimilarPaper {
  paper: Paper;
  /** Cosine similarity (by vectors) or BM25F score of the paper's distinctive terms. */
  score: number;
}

type Ranked = { docId: number; score: number }[];

export interface SimilarPapers {
  items: SimilarPaper[];
  /** Found among the newest papers only: the archive is still being indexed (SearchIndex.holdsNewestOnly). */
  indexing: boolean;
}

/** How many of a paper's terms describe it: enough to catch its topic, few enough to stay on it. */
const DISTINCTIVE_TERMS = 25;
/**
 * Postings those terms may read, rarest first. At a million papers a paper's 25 terms held
 * 1.1 million postings on average (common words repeated in its abstract: 59 ms a paper page);
 * within 100,000 the ten most similar papers were the same for 40 papers of 40, in 18 ms.
 */
const SIMILAR_POSTINGS = 100_000;

/**
 * Papers like the given one, best first, never itself and never hidden ones: by embedding
 * vectors when the configured model has one for the paper (no call to the model is
 * needed), otherwise by its most distinctive words — the terms of its title and abstract
 * with the highest tf·idf, searched for together. Unknown ids give an empty list.
 */
export async function similarPapers(
  search: SearchIndex,
  id: string,
  limit: number,
  options: {
    semantic?: SemanticSearch | null;
    /** Postings the words may read (tests); SIMILAR_POSTINGS by default. */ postings?: number;
  } = {},
): Promise<SimilarPapers> {
  const { store } = search;
  const embedder = options.semantic?.embedder;
  // The paper's row and the index brought up to date at once (a paper page's round trips add up);
  // ranking by vectors needs no index.
  const [found, upToDate] = await Promise.all([paperRowWithDocId(store, id), embedder ? null : search.current()]);
  if (!found) return { items: [], indexing: false };
  const { docId, title, abstract } = found;
  const vector = embedder ? await getPaperVector(store, embedder.id, docId) : null;
  if (vector && embedder && vector.length === embedder.dimensions) {
    // The vectors are the store's, every paper's: the index being built does not narrow them.
    return {
      items: await visibleRanked(store, await byVector(store, options.semantic!, normalized(vector), docId, limit), limit),
      indexing: false,
    };
  }
  const index = upToDate ?? (await search.current());
  const ranked = byTerms(search, index, { title, abstract, self: docId, limit, postings: options.postings ?? SIMILAR_POSTINGS });
  return { items: await visibleRanked(store, ranked, limit), indexing: search.holdsNewestOnly(index) };
}

/** The ranked papers that are visible, at most `limit` of them. */
async function visibleRanked(store: Store, ranked: Ranked, limit: number): Promise<SimilarPaper[]> {
  const papers = await visiblePapersByDocId(
    store,
    ranked.map((r) => r.docId),
  );
  return ranked
    .flatMap(({ docId: other, score }) => {
      const paper = papers.get(other);
      return paper ? [{ paper, score }] : [];
    })
    .slice(0, limit);
}

// A few extra candidates make up for hidden papers dropped afterwards.
const SPARE = 5;

async function byVector(store: Store, semantic: SemanticSearch, query: Float32Array, self: number, limit: number) {
  const vectors = await storedVectors(store, semantic);
  const similarity = vectors.similarities(query);
  const out: { docId: number; score: number }[] = [];
  for (const row of bestFirst(
    vectors.count,
    { keys: Float64Array.from(similarity), tieBetter: (a, b) => a < b },
    limit + SPARE + 1,
  )) {
    const docId = vectors.docIds[row]!;
    if (docId === self) continue;
    out.push({ docId, score: similarity[row]! });
    if (out.length >= limit + SPARE) break;
  }
  return out;
}

/**
 * Rankings by words already made, per index and version: a paper page asks on every view, and the
 * answer changes only with the index. Kept by index, not by SearchIndex: an index swapped in (the
 * whole archive after its newest papers, a rebuild) may carry the version of the one it replaces.
 */
const rankedByTerms = new WeakMap<KeywordIndex, { version: number; rankings: Map<string, Ranked> }>();
const MAX_REMEMBERED = 2_000;

/** What a ranking by words is asked for: the paper (its words and doc id), how many, and the postings it may read. */
export interface ByWords {
  title: string;
  abstract: string | null;
  self: number;
  limit: number;
  postings: number;
}

function byTerms(search: SearchIndex, index: KeywordIndex, asked: ByWords): Ranked {
  let memo = rankedByTerms.get(index);
  if (memo?.version !== search.version) {
    memo = { version: search.version, rankings: new Map() };
    rankedByTerms.set(index, memo);
  }
  const key = `${asked.self}:${asked.limit}:${asked.postings}`;
  const remembered = memo.rankings.get(key);
  if (remembered) return remembered;
  const ranked = rankByTerms(index, asked);
  // The oldest ranking goes first past the bound (a Map keeps insertion order).
  if (memo.rankings.size >= MAX_REMEMBERED) memo.rankings.delete(memo.rankings.keys().next().value!);
  memo.rankings.set(key, ranked);
  return ranked;
}

/** The papers sharing most of a paper's distinctive words, best first (bench/similar.ts times it by itself). */
export function rankByTerms(index: KeywordIndex, { title, abstract, self, limit, postings }: ByWords): Ranked {
  const counts = new Map<string, number>();
  // A title word says more about a paper than an abstract word: count it twice.
  forEachTerm(title, true, (term) => counts.set(term, (counts.get(term) ?? 0) + 2));
  forEachTerm(abstract ?? '', true, (term) => counts.set(term, (counts.get(term) ?? 0) + 1));
  const distinctive = [...counts]
    .filter(([term]) => index.documentFrequency(term) > 1 && !/^\d+$/.test(term))
    .map(([term, tf]) => ({ term, tf, weight: tf * index.idf(term) }))
    .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
    .slice(0, DISTINCTIVE_TERMS);
  if (distinctive.length === 0) return [];
  const scored = distinctive.map(({ term, tf }) => ({ term, weight: Math.sqrt(tf) }));
  const matches = index.match({ scored: affordableTerms(index, scored, postings), required: [], excluded: [] });
  const out: Ranked = [];
  const ranking = { keys: matches.scores, tieBetter: (a: number, b: number) => matches.slots[a]! < matches.slots[b]! };
  for (const i of bestFirst(matches.count, ranking, limit + SPARE + 1)) {
    const docId = index.docIdOf(matches.slots[i]!);
    if (docId === self) continue;
    out.push({ docId, score: matches.scores[i]! });
    if (out.length >= limit + SPARE) break;
  }
  return out;
}
