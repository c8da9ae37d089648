import type { Store } from '../db/connect.ts';
import type { Paper } from '../core/paper.ts';
import { visiblePaperById, visiblePapersByDocId } from '../store/search.ts';
import type { Bm25Params } from './bm25.ts';
import { highlight, type HighlightSegment } from './highlight.ts';
import type { SearchIndex } from './index-sync.ts';
import type { KeywordIndex, Matches } from './keyword-index.ts';
import { bestFirst, type Ranking } from './ordering.ts';
import { needsTextCheck, planQuery, type QueryPlan, satisfiesText } from './query-plan.ts';
import { parseQuery } from './query-parser.ts';
import { type SearchQuery, validateSearchQuery } from '../core/search-query.ts';
import { fuseMatches, type SemanticSearch } from './semantic.ts';

export interface SearchHit {
  paper: Paper;
  /** Keyword relevance (BM25F), or the fused rank score when semantic search took part. */
  score: number;
  highlights: { title: HighlightSegment[]; abstract: HighlightSegment[] };
}

export interface SearchResult {
  items: SearchHit[];
  /**
   * Papers that match. Exact for plain words and filters; for phrases and author filters it
   * counts papers holding their words, unless every candidate was checked.
   */
  total: number;
  /** The paper the query names by arXiv id or URL: the place to go instead of a result list. */
  jump?: string;
  /** Whether semantic similarity took part in the ranking. */
  semantic: boolean;
  /**
   * True when the search stopped at its work budget (MAX_TEXT_CHECKS) before it could fill
   * the page or count every match: the items are real matches, but more may exist.
   */
  partial: boolean;
  /** Candidates whose rows were read and checked against the query's text: the budget spent. */
  textChecks: number;
}

export interface SearchOptions {
  /** Semantic ranking to fuse with keywords; keyword-only without it or when it fails. */
  semantic?: SemanticSearch | null;
  /** BM25F parameters other than the tuned defaults (benchmarks). */
  bm25?: Bm25Params;
}

/**
 * The work budget of one search: a phrase or author query reads candidates' rows and checks
 * their text, best first (about 0.3 ms each); past this many checks it answers with what it found (partial)
 * rather than read the corpus. Term positions in the index rule out most candidates before
 * this, so only phrases whose content words do stand together spend it.
 */
export const MAX_TEXT_CHECKS = 200;
const CHECK_BATCH = 100;

/**
 * The one search function behind the search page, the API, feeds of a search, saved-search
 * digests and the benchmarks. Throws SearchQueryError for a query that cannot run (the
 * caller's 400); any text is otherwise a valid query.
 */
export async function searchPapers(search: SearchIndex, query: SearchQuery, options: SearchOptions = {}): Promise<SearchResult> {
  const { store } = search;
  const valid = validateSearchQuery(query);
  const parsed = parseQuery(valid.q);
  if (parsed.arxivId) return jumpTo(store, parsed.arxivId);
  const plan = planQuery(parsed);
  if (!plan.searchable) return { items: [], total: 0, semantic: false, partial: false, textChecks: 0 };

  const index = await search.current();
  await nextTurn();
  const indexQuery = {
    scored: plan.scored,
    required: plan.required,
    excluded: plan.excluded,
    fromDay: valid.from ? dayNumber(valid.from) : undefined,
    toDay: valid.to ? dayNumber(valid.to) : undefined,
    category: valid.category,
    hasCode: valid.hasCode,
  };
  let matches = withPossiblePhrases(index, index.match(indexQuery, options.bm25), plan);

  let semantic = false;
  if (valid.sort === 'relevance' && options.semantic && plan.scored.length > 0) {
    // Papers found only by meaning may join unless the query requires words (phrases, authors).
    const admit = plan.required.length === 0 ? index.admissible(indexQuery) : null;
    // The model reads what the words mean, not the syntax around them.
    const meaning = [...parsed.words, ...parsed.phrases].join(' ');
    const fused = await fuseMatches(options.semantic, store, meaning, index, matches, byRelevance(index, matches), admit);
    if (fused) {
      matches = fused;
      semantic = true;
    }
  }
  const ranking = valid.sort === 'date' ? byDate(index, matches) : byRelevance(index, matches);
  const page = await collectPage(store, index, matches, plan, ranking, valid.offset, valid.limit);
  const items = page.hits.map(({ paper, score }) => ({
    paper,
    score,
    highlights: { title: highlight(paper.title, plan.highlight), abstract: highlight(paper.abstract ?? '', plan.highlight) },
  }));
  return { items, total: page.total, semantic, partial: page.partial, textChecks: page.textChecks };
}

async function jumpTo(store: Store, arxivId: string): Promise<SearchResult> {
  const paper = await visiblePaperById(store, arxivId);
  const items = paper
    ? [{ paper, score: 1, highlights: { title: plainText(paper.title), abstract: plainText(paper.abstract ?? '') } }]
    : [];
  return { items, total: items.length, jump: arxivId, semantic: false, partial: false, textChecks: 0 };
}

/**
 * Drops the matches whose term positions rule out a required phrase: `"model model model"`
 * matches every paper with "model", but few hold it three times in a row. Reads only the
 * index (milliseconds for 60,000 candidates), so the text checks after it are few.
 */
export function withPossiblePhrases(index: KeywordIndex, matches: Matches, plan: QueryPlan): Matches {
  if (plan.phraseContent.length === 0) return matches;
  const tests = plan.phraseContent.map((terms) => index.phraseTest(terms));
  const slots = new Int32Array(matches.count);
  const scores = new Float64Array(matches.count);
  let count = 0;
  for (let i = 0; i < matches.count; i++) {
    const slot = matches.slots[i]!;
    if (!tests.every((mayContain) => mayContain(slot))) continue;
    slots[count] = slot;
    scores[count] = matches.scores[i]!;
    count++;
  }
  return { slots, scores, count };
}

interface Page {
  hits: { paper: Paper; score: number }[];
  total: number;
  partial: boolean;
  textChecks: number;
}

/**
 * Walks the matches best first, dropping papers hidden by moderators and, for phrases and
 * author filters, those whose text does not hold them, until the page is full.
 */
async function collectPage(
  store: Store,
  index: KeywordIndex,
  matches: Matches,
  plan: QueryPlan,
  ranking: Ranking,
  offset: number,
  limit: number,
): Promise<Page> {
  const check = needsTextCheck(plan);
  // Excluded phrases alone need a text check only where the index cannot rule them out.
  const excludedTests = plan.excludedPhraseContent.map((terms) => index.phraseTest(terms));
  const checkEvery = plan.phrases.length > 0 || plan.authors.length > 0;
  const needsCheck = (slot: number) => checkEvery || excludedTests.some((mayContain) => mayContain(slot));
  // Enough for the page plus a few hidden papers; more comes lazily if checks reject many.
  const order = bestFirst(matches.count, ranking, offset + limit + (check ? CHECK_BATCH : 8));
  const hits: Page['hits'] = [];
  let passed = 0;
  let rejected = 0;
  let examined = 0;
  let checked = 0;
  let exhausted = false;
  let partial = false;
  while (hits.length < limit) {
    const skipping = passed < offset;
    // Text checks usually pass for the best candidates: start with about a page, then read more.
    let size = check
      ? examined === 0
        ? Math.min(CHECK_BATCH, offset + limit + 10)
        : CHECK_BATCH
      : skipping
        ? offset - passed
        : limit - hits.length;
    const batch: number[] = [];
    // A batch never reads past the budget: the text checks it may spend.
    if (checkEvery) size = Math.min(size, MAX_TEXT_CHECKS - checked);
    // next(), not for…of: breaking out of for…of would close the generator for the next batch.
    for (let next = order.next(); !next.done; next = order.next()) {
      batch.push(next.value);
      if (batch.length >= size) break;
    }
    if (batch.length === 0) {
      exhausted = true;
      break;
    }
    // Other requests go between batches: with SQLite every await above returns at once.
    await nextTurn();
    examined += batch.length;
    if (skipping && !check) {
      // The index holds no hidden paper (hiding one takes it out before the next search), so
      // results before the page need no database read; the page's own rows are still checked.
      passed += batch.length;
      continue;
    }
    const docIds = batch.map((i) => index.docIdOf(matches.slots[i]!));
    const papers = await visiblePapersByDocId(store, docIds);
    batch.forEach((i, n) => {
      const paper = papers.get(docIds[n]!);
      const checking = paper !== undefined && check && needsCheck(matches.slots[i]!);
      if (checking) checked++;
      if (!paper || (checking && !satisfiesText(plan, paper))) {
        rejected++;
        return;
      }
      passed++;
      if (passed > offset && hits.length < limit) hits.push({ paper, score: matches.scores[i]! });
    });
    if (checked >= MAX_TEXT_CHECKS && hits.length < limit && examined < matches.count) {
      partial = true;
      break;
    }
  }
  const total = exhausted || examined === matches.count ? passed : matches.count - rejected;
  return { hits, total, partial, textChecks: checked };
}

/** Higher score first; ties go to the newer paper, then the later-added one, so order is total. */
export function byRelevance(index: KeywordIndex, matches: Matches): Ranking {
  const { slots } = matches;
  return { keys: matches.scores, tieBetter: (a, b) => newer(index, slots[a]!, slots[b]!) };
}

function byDate(index: KeywordIndex, matches: Matches): Ranking {
  const { slots } = matches;
  const keys = new Float64Array(matches.count);
  for (let i = 0; i < matches.count; i++) keys[i] = index.publishedMsOf(slots[i]!);
  return { keys, tieBetter: (a, b) => index.docIdOf(slots[a]!) > index.docIdOf(slots[b]!) };
}

function newer(index: KeywordIndex, a: number, b: number): boolean {
  const ta = index.publishedMsOf(a);
  const tb = index.publishedMsOf(b);
  if (ta !== tb) return ta > tb;
  return index.docIdOf(a) > index.docIdOf(b);
}

/**
 * Lets the event loop take other requests before going on. A search is mostly synchronous
 * work (and every SQLite call answers at once), so without this one search would run from
 * start to end while every page waits behind it, and limits on searches running at once
 * would never see more than one.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function dayNumber(day: string): number {
  return Number(day.replaceAll('-', ''));
}

function plainText(text: string): HighlightSegment[] {
  return text ? [{ type: 'text', text }] : [];
}
