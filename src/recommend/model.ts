import { forEachTerm, forEachWord, STOP_WORDS, termOf } from '../search/analyzer.ts';
import type { KeywordIndex, ScoredTerm } from '../search/keyword-index.ts';
import { bestFirst } from '../search/ordering.ts';
import type { VectorSet } from '../search/vector-set.ts';
import { embeddedCandidates, meaningNeighbours } from './by-meaning.ts';

/*
 * The recommendation model, trained per request on the keyword index's own terms (no second
 * text pipeline). A reader has several interests, so one profile vector (arxiv-sanity's linear
 * model, a library centroid) blurs them; the score fuses
 *
 *   - nearest neighbours: each library paper's distinctive terms searched for (as similar papers
 *     are), its BM25F scores divided by the paper's score against itself, so a similarity of 1
 *     means "as close as the paper to itself"; the best and the mean of the best three count;
 *   - nearest neighbours by meaning, when the store holds embedding vectors for the library
 *     (by-meaning.ts): the same shape over vector similarities, taking `meaning` of the neighbour
 *     part's weight from the words for each paper that has a vector, so the part keeps its scale
 *     beside the authors';
 *   - a linear model over the same term features: the library's tf·idf centroid, its strongest
 *     terms scored through the index;
 *   - authors: each author of the library weighted by the share of library papers they wrote,
 *     followed authors fully;
 *   - a category prior: the share of library papers in the paper's categories (followed ones fully);
 *   - minus the nearest "not interested" paper's similarity (by words or by meaning), when it is
 *     close (NEGATIVE_MIN_SIMILARITY).
 *
 * Each result keeps which part gave most, and that is its reason. The weights were chosen on
 * `npm run bench:recommend` (BENCHMARKS.md).
 */

export type PositiveSource = 'saved' | 'upvoted' | 'more' | 'given';

/** A paper as the model reads it: its index key and text. */
export interface TasteDoc {
  docId: number;
  title: string;
  abstract: string | null;
  authors: readonly string[];
  categories: readonly string[];
}

export interface PositiveDoc extends TasteDoc {
  paperId: string;
  source: PositiveSource;
}

export interface TasteDocs {
  /** Most telling first (the newest): past the query cap, the rest count only in the centroid. */
  positives: readonly PositiveDoc[];
  negatives: readonly TasteDoc[];
  followedAuthors: readonly string[];
  followedCategories: readonly string[];
}

/** YYYYMMDD bounds on the publication day, inclusive. */
export interface DayWindow {
  fromDay?: number;
  toDay?: number;
}

export type Reason =
  | { kind: 'like'; positive: PositiveDoc }
  /** Its vector is close to the library paper's (by-meaning.ts). */
  | { kind: 'meaning'; positive: PositiveDoc }
  | { kind: 'author'; name: string; followed: boolean; papers: number }
  /** The profile's terms, strongest first: the words shown are those of them the paper has. */
  | { kind: 'terms'; profile: readonly string[] }
  | { kind: 'category'; category: string; followed: boolean };

export interface Recommended {
  docId: number;
  score: number;
  reason: Reason;
}

export interface ModelWeights {
  nearest: number;
  nearestTop3: number;
  centroid: number;
  author: number;
  category: number;
  negative: number;
  /** Share of the neighbour part that meaning takes from words, for a paper with a vector. */
  meaning: number;
}

export const DEFAULT_WEIGHTS: Readonly<ModelWeights> = Object.freeze({
  nearest: 1,
  nearestTop3: 1,
  centroid: 0.6,
  author: 2,
  category: 0.1,
  negative: 1.5,
  meaning: 0.5,
});

/** Terms that describe one paper (as for similar papers): its topic, without its boilerplate. */
const DISTINCTIVE_TERMS = 25;
/** Papers searched for one by one: more add latency and little recall. */
export const MAX_NEIGHBOUR_QUERIES = 15;
const PROFILE_TERMS = 80;
const MAX_AUTHOR_QUERIES = 40;
/** Share of papers above which a term is too common to search neighbours by (see `neighbours`). */
const NEIGHBOUR_MAX_DF = 0.15;
/** A term in this few papers costs nothing to score, however small the hub. */
const NEIGHBOUR_MIN_DF = 1000;
/**
 * A "not interested" paper lowers only papers at least this similar to it. Lowering everything it
 * resembles a little (and shifting the centroid away from its words, as Rocchio does) also pushed
 * out the reader's own later papers, which share its topic: recall@100 fell 0.144 → 0.067.
 */
const NEGATIVE_MIN_SIMILARITY = 0.5;

/** Ranks by `vectors` too when given (the embedding model's stored paper vectors). */
export function recommendFromIndex(
  index: KeywordIndex,
  taste: TasteDocs,
  window: DayWindow,
  limit: number,
  weights: ModelWeights = DEFAULT_WEIGHTS,
  vectors: VectorSet | null = null,
): Recommended[] {
  if (taste.positives.length === 0 && taste.followedAuthors.length === 0 && taste.followedCategories.length === 0) return [];
  const admit = index.admissible({ excluded: [], ...window });
  const size = index.slotCount;
  const acc = new Accumulator(size);
  const own = new Set<number>();
  for (const doc of [...taste.positives, ...taste.negatives]) {
    const slot = index.slotOf(doc.docId);
    if (slot !== undefined) own.add(slot);
  }

  // Each paper's distinctive terms, read once: the neighbour searches and the centroid share them.
  const termsOf = new Map<TasteDoc, DistinctiveTerm[]>();
  for (const doc of [...taste.positives, ...taste.negatives]) termsOf.set(doc, distinctiveTerms(index, doc));

  // Nearest neighbours of each library paper.
  const queried = taste.positives.slice(0, MAX_NEIGHBOUR_QUERIES);
  queried.forEach((doc, p) => {
    neighbours(index, doc, termsOf.get(doc)!, window, (slot, similarity) => acc.like.add(slot, similarity, p));
  });
  for (const doc of taste.negatives.slice(0, MAX_NEIGHBOUR_QUERIES)) {
    neighbours(index, doc, termsOf.get(doc)!, window, (slot, similarity) => acc.addNegative(slot, similarity));
  }
  if (vectors) addMeaning(acc, vectors, index, admit, queried, taste.negatives.slice(0, MAX_NEIGHBOUR_QUERIES));

  // The linear model over term features.
  const profile = profileTerms(taste.positives, termsOf);
  if (profile.length > 0) {
    const matches = index.match({ scored: profile, required: [], excluded: [], ...window });
    let max = 0;
    for (let i = 0; i < matches.count; i++) max = Math.max(max, matches.scores[i]!);
    for (let i = 0; i < matches.count; i++) acc.addCentroid(matches.slots[i]!, matches.scores[i]! / max);
  }

  // Authors and categories.
  const authors = authorWeights(taste);
  authors.forEach((author, a) => {
    for (const slot of papersBy(index, author.name, window)) acc.addAuthor(slot, author.weight, a);
  });
  const categoryShare = categoryWeights(taste);
  // A followed category brings in all its papers of the window, however they are worded.
  for (const category of taste.followedCategories) {
    const inCategory = index.admissible({ excluded: [], ...window, category });
    for (let slot = 0; slot < size; slot++) if (inCategory(slot)) acc.touch(slot);
  }

  // Each part's contribution to a paper's score; the biggest is its reason.
  // Papers share a few thousand category lists (the index keeps each list once): each is weighed once.
  const categoryOf = new Map<readonly string[], { category: number; bestCategory: string }>();
  const weighCategories = (categories: readonly string[]) => {
    let category = 0;
    let bestCategory = '';
    for (const c of categories) {
      const share = categoryShare.get(c) ?? 0;
      if (share > category) [category, bestCategory] = [share, c];
    }
    const weighed = { category, bestCategory };
    categoryOf.set(categories, weighed);
    return weighed;
  };
  const nearest = (found: Nearest, slot: number) =>
    weights.nearest * found.best1[slot]! +
    (weights.nearestTop3 * (found.best1[slot]! + found.best2[slot]! + found.best3[slot]!)) / 3;
  const partsOf = (slot: number) => {
    const categories = index.categoriesOf(slot);
    const { category, bestCategory } = categoryOf.get(categories) ?? weighCategories(categories);
    const { byMeaning } = acc;
    const meaningShare = byMeaning?.embedded[slot] === 1 ? weights.meaning : 0;
    return {
      like: (1 - meaningShare) * nearest(acc.like, slot),
      meaning: byMeaning ? meaningShare * nearest(byMeaning.meaning, slot) : 0,
      centroid: weights.centroid * acc.centroid[slot]!,
      author: weights.author * acc.author[slot]!,
      category: weights.category * category,
      bestCategory,
    };
  };
  const reasonOf = (slot: number): Reason => {
    const { like, meaning, centroid, author, category, bestCategory } = partsOf(slot);
    const top = Math.max(like, meaning, centroid, author, category);
    if (top === author && author > 0) {
      const chosen = authors[acc.authorArg[slot]!]!;
      return { kind: 'author', name: chosen.name, followed: chosen.followed, papers: chosen.papers };
    }
    if (top === like && like > 0) return { kind: 'like', positive: queried[acc.like.arg[slot]!]! };
    if (top === meaning && meaning > 0) return { kind: 'meaning', positive: queried[acc.byMeaning!.meaning.arg[slot]!]! };
    if (top === centroid && centroid > 0) return { kind: 'terms', profile: profile.map((t) => t.term) };
    return { kind: 'category', category: bestCategory, followed: taste.followedCategories.includes(bestCategory) };
  };

  const candidates: number[] = [];
  const keys: number[] = [];
  for (const slot of acc.touchedSlots()) {
    if (own.has(slot) || !admit(slot)) continue;
    const { like, meaning, centroid, author, category } = partsOf(slot);
    candidates.push(slot);
    keys.push(like + meaning + centroid + author + category - weights.negative * acc.negative[slot]!);
  }
  const ranking = { keys: Float64Array.from(keys), tieBetter: (a: number, b: number) => candidates[a]! < candidates[b]! };
  const out: Recommended[] = [];
  // Reasons are put in words for the papers returned only.
  for (const i of bestFirst(candidates.length, ranking, limit)) {
    if (out.length >= limit) break;
    out.push({ docId: index.docIdOf(candidates[i]!), score: keys[i]!, reason: reasonOf(candidates[i]!) });
  }
  return out;
}

/**
 * The window's papers with a vector, their neighbours by meaning among them, and the papers close
 * in meaning to a "not interested" one. Nothing when no library paper has a vector.
 */
function addMeaning(
  acc: Accumulator,
  vectors: VectorSet,
  index: KeywordIndex,
  admit: (slot: number) => boolean,
  queried: readonly TasteDoc[],
  negatives: readonly TasteDoc[],
): void {
  if (!queried.some((doc) => vectors.rowOf(doc.docId) >= 0)) return;
  const { meaning, embedded } = acc.withMeaning();
  const candidates = embeddedCandidates(vectors, index, admit);
  for (const slot of candidates.slots) embedded[slot] = 1;
  queried.forEach((doc, p) =>
    meaningNeighbours(vectors, candidates, doc.docId, (slot, similarity) => meaning.add(slot, similarity, p)),
  );
  for (const doc of negatives) {
    meaningNeighbours(vectors, candidates, doc.docId, (slot, similarity) => acc.addNegative(slot, similarity));
  }
}

/** Per paper slot: the three best similarities to library papers, and which library paper is the best. */
class Nearest {
  readonly best1: Float32Array;
  readonly best2: Float32Array;
  readonly best3: Float32Array;
  readonly arg: Int32Array;

  constructor(
    size: number,
    private readonly touch: (slot: number) => void,
  ) {
    this.best1 = new Float32Array(size);
    this.best2 = new Float32Array(size);
    this.best3 = new Float32Array(size);
    this.arg = new Int32Array(size);
  }

  add(slot: number, similarity: number, positive: number): void {
    this.touch(slot);
    if (similarity > this.best1[slot]!) {
      this.best3[slot] = this.best2[slot]!;
      this.best2[slot] = this.best1[slot]!;
      this.best1[slot] = similarity;
      this.arg[slot] = positive;
    } else if (similarity > this.best2[slot]!) {
      this.best3[slot] = this.best2[slot]!;
      this.best2[slot] = similarity;
    } else if (similarity > this.best3[slot]!) {
      this.best3[slot] = similarity;
    }
  }
}

/** The by-meaning part's arrays: neighbours by meaning, and 1 for a paper of the window with a vector. */
interface MeaningParts {
  readonly meaning: Nearest;
  readonly embedded: Uint8Array;
}

/** Per paper slot: its neighbours by words and by meaning, the centroid score, authors, negatives. */
class Accumulator {
  readonly like: Nearest;
  /**
   * Null until the library turns out to have vectors (`withMeaning`): without an embedder, or
   * with no library paper embedded, the part's 17 bytes per indexed paper are never allocated.
   */
  byMeaning: MeaningParts | null = null;
  readonly centroid: Float32Array;
  readonly author: Float32Array;
  readonly authorArg: Int32Array;
  readonly negative: Float32Array;
  private readonly touched: Uint8Array;
  private readonly list: number[] = [];

  constructor(private readonly size: number) {
    this.like = new Nearest(size, (slot) => this.touch(slot));
    this.centroid = new Float32Array(size);
    this.author = new Float32Array(size);
    this.authorArg = new Int32Array(size);
    this.negative = new Float32Array(size);
    this.touched = new Uint8Array(size);
  }

  /** The by-meaning arrays, allocated on the first call. */
  withMeaning(): MeaningParts {
    this.byMeaning ??= {
      meaning: new Nearest(this.size, (slot) => this.touch(slot)),
      embedded: new Uint8Array(this.size),
    };
    return this.byMeaning;
  }

  touch(slot: number): void {
    if (this.touched[slot] === 0) {
      this.touched[slot] = 1;
      this.list.push(slot);
    }
  }

  addNegative(slot: number, similarity: number): void {
    // Only lowers papers something else brought in: a negative alone recommends nothing.
    if (similarity >= NEGATIVE_MIN_SIMILARITY && similarity > this.negative[slot]!) this.negative[slot] = similarity;
  }

  addCentroid(slot: number, score: number): void {
    this.touch(slot);
    this.centroid[slot] = score;
  }

  addAuthor(slot: number, weight: number, author: number): void {
    this.touch(slot);
    if (weight > this.author[slot]!) this.authorArg[slot] = author;
    this.author[slot] = Math.min(1, this.author[slot]! + weight);
  }

  touchedSlots(): readonly number[] {
    return this.list;
  }
}

/** The paper's terms with the highest tf·idf (title words count twice), as for similar papers. */
interface DistinctiveTerm {
  term: string;
  tf: number;
  weight: number;
}

function distinctiveTerms(index: KeywordIndex, doc: Pick<TasteDoc, 'title' | 'abstract'>): DistinctiveTerm[] {
  const counts = new Map<string, number>();
  forEachTerm(doc.title, true, (term) => counts.set(term, (counts.get(term) ?? 0) + 2));
  forEachTerm(doc.abstract ?? '', true, (term) => counts.set(term, (counts.get(term) ?? 0) + 1));
  return [...counts]
    .filter(([term]) => index.documentFrequency(term) > 1 && !/^\d+$/.test(term))
    .map(([term, tf]) => ({ term, tf, weight: tf * index.idf(term) }))
    .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
    .slice(0, DISTINCTIVE_TERMS);
}

/**
 * Calls back with each paper of the window and its similarity to the given one: its BM25F score
 * for the paper's distinctive terms over the paper's own score for them (the paper is in the
 * index; when it is not, the best score found stands in). Terms in more than NEIGHBOUR_MAX_DF of
 * the papers (and more than NEIGHBOUR_MIN_DF) are left out: "model" or "learning" in a paper's top terms made each search score
 * two thirds of all papers (95,000 postings) for a little similarity spread over everyone.
 */
function neighbours(
  index: KeywordIndex,
  doc: TasteDoc,
  distinctive: readonly DistinctiveTerm[],
  window: DayWindow,
  visit: (slot: number, similarity: number) => void,
): void {
  const maxDf = Math.max(NEIGHBOUR_MIN_DF, NEIGHBOUR_MAX_DF * index.liveCount);
  const scored = distinctive
    .filter(({ term }) => index.documentFrequency(term) <= maxDf)
    .map(({ term, tf }) => ({ term, weight: Math.sqrt(tf) }));
  if (scored.length === 0) return;
  const matches = index.match({ scored, required: [], excluded: [], ...window });
  const self = index.slotOf(doc.docId);
  // The paper itself is rarely in the window (it is the reader's, so older): its score is read apart.
  const own = self === undefined ? 0 : index.scoreOf(self, scored);
  let best = 0;
  for (let i = 0; i < matches.count; i++) best = Math.max(best, matches.scores[i]!);
  const scale = own > 0 ? own : best;
  if (scale <= 0) return;
  for (let i = 0; i < matches.count; i++) {
    const slot = matches.slots[i]!;
    if (slot !== self) visit(slot, Math.min(1, matches.scores[i]! / scale));
  }
}

/** The linear model's strongest terms: the library's unit tf·idf vectors averaged. */
function profileTerms(positives: readonly TasteDoc[], termsOf: ReadonlyMap<TasteDoc, readonly DistinctiveTerm[]>): ScoredTerm[] {
  const weights = new Map<string, number>();
  for (const doc of positives) {
    const terms = termsOf.get(doc)!;
    const norm = Math.hypot(...terms.map((t) => t.weight)) || 1;
    for (const { term, weight } of terms) weights.set(term, (weights.get(term) ?? 0) + weight / norm / positives.length);
  }
  return [...weights]
    .filter(([, weight]) => weight > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, PROFILE_TERMS)
    .map(([term, weight]) => ({ term, weight }));
}

interface AuthorWeight {
  name: string;
  weight: number;
  followed: boolean;
  /** Library papers by them. */
  papers: number;
}

/** Followed authors count fully; an author of library papers by the share of the library they wrote. */
function authorWeights(taste: TasteDocs): AuthorWeight[] {
  const byKey = new Map<string, AuthorWeight>();
  const keyOf = (name: string) => nameTerms(name).join(' ');
  for (const doc of taste.positives) {
    for (const name of new Set(doc.authors)) {
      const key = keyOf(name);
      if (key === '') continue;
      const entry = byKey.get(key) ?? { name, weight: 0, followed: false, papers: 0 };
      entry.papers++;
      byKey.set(key, entry);
    }
  }
  const total = Math.max(1, taste.positives.length);
  for (const entry of byKey.values()) entry.weight = entry.papers / total;
  for (const name of taste.followedAuthors) {
    const key = keyOf(name);
    if (key === '') continue;
    const entry = byKey.get(key) ?? { name, weight: 0, followed: true, papers: 0 };
    Object.assign(entry, { weight: 1, followed: true });
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : 1)).slice(0, MAX_AUTHOR_QUERIES);
}

function nameTerms(name: string): string[] {
  const terms: string[] = [];
  forEachTerm(name, false, (term) => terms.push(term));
  return terms;
}

/** Papers whose author list holds the name: every word in the authors field, the words in order. */
function papersBy(index: KeywordIndex, name: string, window: DayWindow): number[] {
  const terms = nameTerms(name);
  if (terms.length === 0) return [];
  const matches = index.match({
    scored: [],
    required: terms.map((term) => ({ term, field: 'authors' })),
    excluded: [],
    ...window,
  });
  // The index keeps names' words in order without stop words ("An", "Will"): the phrase test reads those.
  const content: string[] = [];
  forEachWord(name, false, (word) => {
    if (!STOP_WORDS.has(word)) content.push(termOf(word));
  });
  const inOrder = index.possiblePhrases([content], matches.slots, 0, matches.count);
  return Array.from(matches.slots.subarray(0, matches.count)).filter((_, i) => inOrder[i] === 1);
}

/** Per category, the share of library papers in it; followed categories count fully. */
function categoryWeights(taste: TasteDocs): Map<string, number> {
  const shares = new Map<string, number>();
  const total = Math.max(1, taste.positives.length);
  for (const doc of taste.positives) for (const c of new Set(doc.categories)) shares.set(c, (shares.get(c) ?? 0) + 1 / total);
  for (const c of taste.followedCategories) shares.set(c, 1);
  return shares;
}
