import type { Store } from '../db/connect.ts';
import type { Paper } from '../core/paper.ts';
import { visiblePaperById, visiblePapersByDocId } from '../store/search.ts';
import type { Bm25Params } from './bm25.ts';
import { highlight, type HighlightSegment } from './highlight.ts';
import type { SearchIndex } from './index-sync.ts';
import type { KeywordIndex, Matches, ScoredTerm } from './keyword-index.ts';
import { bestFirst, type Ranking } from './ordering.ts';
import { needsTextCheck, planQuery, type QueryPlan, textCheck } from './query-plan.ts';
import { type ParsedQuery, parseQuery } from './query-parser.ts';
import { type SearchQuery, validateSearchQuery } from '../core/search-query.ts';
import { fuseMatches, type SemanticSearch } from './semantic.ts';
import { DEFAULT_SEARCH_BUDGET, nextTurn, noWork, type SearchBudget, type SearchWork, WorkSlices } from './work-budget.ts';

export interface SearchHit {
  paper: Paper;
  /** Keyword relevance (BM25F), or the fused rank score when semantic search took part. */
  score: number;
  highlights: { title: HighlightSegment[]; abstract: HighlightSegment[] };
}

export interface SearchResult {
  items: SearchHit[];
  /**
   * Papers that match. Exact for plain words, filters and one-word author filters; for phrases
   * and longer names it counts papers holding their words, unless every candidate was checked.
   */
  total: number;
  /** The paper the query names by arXiv id or URL: the place to go instead of a result list. */
  jump?: string;
  /** Whether semantic similarity took part in the ranking. */
  semantic: boolean;
  /**
   * True when the search reached its work budget (work-budget.ts) before it could fill the
   * page or count every match (terms left unscored, candidates left untested or unchecked):
   * the items are real matches, but more, or better ones, may exist. Also true while `indexing`.
   */
  partial: boolean;
  /** True when the archive is still being indexed and only its newest papers were searched (index-sync.ts). */
  indexing: boolean;
  /** What the search spent, in its budget's units. */
  work: SearchWork;
  /** Whether its plan was expensive, so it ran in the server's one-at-a-time lane. */
  expensive: boolean;
}

export interface SearchOptions {
  /** Semantic ranking to fuse with keywords; keyword-only without it or when it fails. */
  semantic?: SemanticSearch | null;
  /** BM25F parameters other than the tuned defaults (benchmarks). */
  bm25?: Bm25Params;
  /** Limits other than the defaults (tests). */
  budget?: Partial<SearchBudget>;
}

const CHECK_BATCH = 100;
/** Matches ranked past the page, for papers the store no longer shows (hidden since the index last heard). */
const SPARE = 8;
/** Candidates position-tested between two looks at the clock. */
const POSITION_CHUNK = 2_048;

/**
 * A plan reading more postings than this (scored, required and excluded terms together), or
 * ranking deeper than EXPENSIVE_DEPTH, or testing phrases or author names, is expensive: it
 * waits for the server's one expensive search at a time. Ordinary queries ("diffusion model
 * image": 80,000 postings, the first pages) are cheap and never wait for it.
 */
export const EXPENSIVE_POSTINGS = 150_000;
export const EXPENSIVE_DEPTH = 1_000;

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
  if (!plan.searchable)
    return { items: [], total: 0, semantic: false, partial: false, indexing: false, work: noWork(), expensive: false };

  const index = await search.current();
  await nextTurn();
  const budget = { ...DEFAULT_SEARCH_BUDGET, ...options.budget };
  const work = noWork();
  const scored = affordableTerms(index, plan.scored, budget.scoredPostings, work);
  const expensive = isExpensive(index, plan, work.scoredPostings, valid.offset + valid.limit);
  const planned: PlannedSearch = { index, valid, parsed, plan, scored, budget, work, expensive };
  const run = () => runPlanned(search, planned, options);
  return expensive ? search.expensiveSearches.run(run) : run();
}

/** A search with its plan made and its cost known, ready to run. */
interface PlannedSearch {
  index: KeywordIndex;
  valid: ReturnType<typeof validateSearchQuery>;
  parsed: ParsedQuery;
  plan: QueryPlan;
  /** The plan's scored terms that the budget covers. */
  scored: ScoredTerm[];
  budget: SearchBudget;
  /** Spent so far; the run adds to it. */
  work: SearchWork;
  expensive: boolean;
}

async function runPlanned(search: SearchIndex, planned: PlannedSearch, options: SearchOptions): Promise<SearchResult> {
  const { store } = search;
  const { index, valid, parsed, plan, budget, work } = planned;
  const slices = new WorkSlices();
  const indexQuery = {
    scored: planned.scored,
    required: plan.required,
    excluded: plan.excluded,
    fromDay: valid.from ? dayNumber(valid.from) : undefined,
    toDay: valid.to ? dayNumber(valid.to) : undefined,
    category: valid.category,
    hasCode: valid.hasCode,
  };
  const page = (matches: Matches, ranking: Ranking, phrasesUntested: boolean) =>
    collectPage(store, index, matches, plan, ranking, valid.offset, valid.limit, budget, work, slices, phrasesUntested);

  if (ranksBestOnly(planned, options)) {
    const best = index.bestMatches(indexQuery, valid.offset + valid.limit + SPARE, options.bm25);
    await slices.pause();
    const collected = await page(best, byRelevance(index, best), false);
    // Unless the store no longer shows more of the best papers than the spare (hidden meanwhile): then rank all.
    if (collected.hits.length === valid.limit || best.count === best.total)
      return resultOf(search, planned, collected, { semantic: false, partial: false });
  }

  const matched = index.match(indexQuery, options.bm25);
  await slices.pause();
  const possible = await possiblePhrasesInSlices(index, matched, plan, budget, work, slices);
  let matches = possible.matches;

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
  await slices.pause();
  const collected = await page(matches, ranking, possible.untested);
  return resultOf(search, planned, collected, { semantic, partial: possible.partial });
}

/**
 * Whether the search needs only the best of its matches (KeywordIndex.bestMatches): ranked by
 * relevance on words alone, one scored term, nothing required and no text to check, a page
 * within EXPENSIVE_DEPTH. Semantic ranking fuses every match, so it ranks them all.
 */
function ranksBestOnly({ valid, plan, scored }: PlannedSearch, options: SearchOptions): boolean {
  return (
    valid.sort === 'relevance' &&
    !options.semantic &&
    scored.length === 1 &&
    plan.required.length === 0 &&
    !needsTextCheck(plan) &&
    valid.offset + valid.limit <= EXPENSIVE_DEPTH
  );
}

/** The page's papers highlighted, and the result around them. */
async function resultOf(
  search: SearchIndex,
  { index, plan, scored, budget, work, expensive }: PlannedSearch,
  page: Page,
  found: { semantic: boolean; partial: boolean },
): Promise<SearchResult> {
  const slices = new WorkSlices();
  const items: SearchHit[] = [];
  for (const { paper, score } of page.hits) {
    const length = paper.title.length + (paper.abstract?.length ?? 0);
    // Past the budget the rest of the page is sent unmarked: the same papers, in the same order.
    const marked = work.highlightedChars + length <= budget.highlightedChars;
    if (marked) work.highlightedChars += length;
    const highlights = marked
      ? { title: highlight(paper.title, plan.highlight), abstract: highlight(paper.abstract ?? '', plan.highlight) }
      : { title: plainText(paper.title), abstract: plainText(paper.abstract ?? '') };
    items.push({ paper, score, highlights });
    await slices.pause();
  }
  // A match needs one scored term: when a kept one is required anyway (a phrase's word), every
  // match holds it and terms left unscored change the order only, not which papers match.
  const requiredAnywhere = new Set(plan.required.filter(({ field }) => field === 'any').map(({ term }) => term));
  const matchesLost = work.termsDropped > 0 && !scored.some(({ term }) => requiredAnywhere.has(term));
  const indexing = search.holdsNewestOnly(index);
  const partial = indexing || matchesLost || found.partial || page.partial;
  return { items, total: page.total, semantic: found.semantic, partial, indexing, work, expensive };
}

/**
 * The scored terms the budget covers, rarest first: a long OR list of the commonest words would
 * read most of the index once per word, and its rarest words are the ones that tell papers
 * apart (highest idf). Kept terms stay in the query's order, so scores add up as before.
 */
export function affordableTerms(index: KeywordIndex, scored: ScoredTerm[], maxPostings: number, work = noWork()): ScoredTerm[] {
  const byRarity = scored
    .map((term) => ({ term, postings: index.documentFrequency(term.term) }))
    .sort((a, b) => a.postings - b.postings);
  const kept = new Set<ScoredTerm>();
  for (const { term, postings } of byRarity) {
    if (kept.size > 0 && work.scoredPostings + postings > maxPostings) {
      work.termsDropped++;
      continue;
    }
    kept.add(term);
    work.scoredPostings += postings;
  }
  return scored.filter((term) => kept.has(term));
}

/** Whether the plan is costly enough to wait for the one expensive search at a time (EXPENSIVE_POSTINGS). */
function isExpensive(index: KeywordIndex, plan: QueryPlan, scoredPostings: number, depth: number): boolean {
  if (needsTextCheck(plan) || plan.phraseContent.length > 0 || depth > EXPENSIVE_DEPTH) return true;
  let postings = scoredPostings;
  for (const { term } of plan.required) postings += index.documentFrequency(term);
  for (const term of plan.excluded) postings += index.documentFrequency(term);
  return postings > EXPENSIVE_POSTINGS;
}

async function jumpTo(store: Store, arxivId: string): Promise<SearchResult> {
  const paper = await visiblePaperById(store, arxivId);
  const items = paper
    ? [{ paper, score: 1, highlights: { title: plainText(paper.title), abstract: plainText(paper.abstract ?? '') } }]
    : [];
  return {
    items,
    total: items.length,
    jump: arxivId,
    semantic: false,
    partial: false,
    indexing: false,
    work: noWork(),
    expensive: false,
  };
}

/**
 * Drops the matches whose term positions rule out a required phrase: `"model model model"`
 * matches every paper with "model", but few hold it three times in a row. Reads only the
 * index (milliseconds for 60,000 candidates), so the text checks after it are few.
 */
export function withPossiblePhrases(index: KeywordIndex, matches: Matches, plan: QueryPlan): Matches {
  if (plan.phraseContent.length === 0) return matches;
  const possible = emptyMatches(matches.count);
  keepPossible(index, plan, matches, 0, matches.count, possible);
  return possible;
}

/**
 * withPossiblePhrases for a search: in time slices, and within the budget of position tests;
 * candidates past it are left out and the result is partial. More candidates than
 * `phraseTestsUpFront` are not tested here but as the page reaches them, best first
 * (`untested`): testing every one reads the positions of papers no page shows, and when the
 * candidates are dense in the archive ("chain of thought": 32,000 papers of a million) that is a
 * read of nearly the whole positions file, 40 ms.
 */
async function possiblePhrasesInSlices(
  index: KeywordIndex,
  matches: Matches,
  plan: QueryPlan,
  budget: SearchBudget,
  work: SearchWork,
  slices: WorkSlices,
): Promise<{ matches: Matches; partial: boolean; untested: boolean }> {
  if (plan.phraseContent.length === 0) return { matches, partial: false, untested: false };
  if (matches.count > budget.phraseTestsUpFront) return { matches, partial: false, untested: true };
  const possible = emptyMatches(matches.count);
  const affordable = Math.min(matches.count, budget.positionTests);
  for (let from = 0; from < affordable; from += POSITION_CHUNK) {
    const to = Math.min(affordable, from + POSITION_CHUNK);
    keepPossible(index, plan, matches, from, to, possible);
    work.positionTests += to - from;
    await slices.pause();
  }
  return { matches: possible, partial: affordable < matches.count, untested: false };
}

function emptyMatches(capacity: number): Matches {
  return { slots: new Int32Array(capacity), scores: new Float64Array(capacity), count: 0 };
}

/** Appends matches[from, to) that may contain every phrase of the plan to `possible`. */
function keepPossible(index: KeywordIndex, plan: QueryPlan, matches: Matches, from: number, to: number, possible: Matches): void {
  const verdicts = index.possiblePhrases(plan.phraseContent, matches.slots, from, to);
  for (let i = from; i < to; i++) {
    if (verdicts[i - from] === 0) continue;
    const slot = matches.slots[i]!;
    possible.slots[possible.count] = slot;
    possible.scores[possible.count] = matches.scores[i]!;
    possible.count++;
  }
}

interface Page {
  hits: { paper: Paper; score: number }[];
  total: number;
  partial: boolean;
}

/**
 * Walks the matches best first, dropping papers hidden by moderators and, for phrases and
 * author filters, those whose text does not hold them, until the page is full. With
 * `phrasesUntested` each batch's term positions are tested first, so only the papers that may
 * hold the phrases are read.
 */
async function collectPage(
  store: Store,
  index: KeywordIndex,
  matches: Matches,
  plan: QueryPlan,
  ranking: Ranking,
  offset: number,
  limit: number,
  budget: SearchBudget,
  work: SearchWork,
  slices: WorkSlices,
  phrasesUntested: boolean,
): Promise<Page> {
  const check = needsTextCheck(plan);
  const satisfiesText = textCheck(plan);
  // Excluded phrases alone need a text check only where the index cannot rule them out.
  const excludedTests = plan.excludedPhraseContent.map((terms) => index.phraseTest(terms));
  const checkEvery = plan.phrases.length > 0 || plan.authors.length > 0;
  const needsCheck = (slot: number) => checkEvery || excludedTests.some((mayContain) => mayContain(slot));
  // Enough for the page plus a few hidden papers; more comes lazily if checks reject many.
  const order = bestFirst(matches.count, ranking, offset + limit + (check ? CHECK_BATCH : SPARE));
  const hits: Page['hits'] = [];
  let passed = 0;
  let rejected = 0;
  let examined = 0;
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
    let batch: number[] = [];
    // A batch never reads past the budget: the text checks it may spend.
    if (checkEvery) size = Math.min(size, budget.textChecks - work.textChecks);
    // next(), not for…of: breaking out of for…of would close the generator for the next batch.
    for (let next = order.next(); !next.done; next = order.next()) {
      batch.push(next.value);
      if (batch.length >= size) break;
    }
    if (batch.length === 0) {
      exhausted = true;
      break;
    }
    // Other requests go between slices: with SQLite every await here returns at once.
    await slices.pause();
    examined += batch.length;
    if (phrasesUntested) {
      const verdicts = index.possiblePhrases(
        plan.phraseContent,
        batch.map((i) => matches.slots[i]!),
        0,
        batch.length,
      );
      work.positionTests += batch.length;
      const possible = batch.filter((_, n) => verdicts[n] === 1);
      rejected += batch.length - possible.length;
      batch = possible;
    }
    if (skipping && !check) {
      // The index holds no hidden paper (hiding one takes it out before the next search), so
      // results before the page need no database read; the page's own rows are still checked.
      passed += batch.length;
      continue;
    }
    const docIds = batch.map((i) => index.docIdOf(matches.slots[i]!));
    const papers = await visiblePapersByDocId(store, docIds);
    for (const [n, i] of batch.entries()) {
      const paper = papers.get(docIds[n]!);
      const checking = paper !== undefined && check && needsCheck(matches.slots[i]!);
      if (checking) {
        work.textChecks++;
        await slices.pause();
      }
      if (!paper || (checking && !satisfiesText(paper))) {
        rejected++;
        continue;
      }
      passed++;
      if (passed > offset && hits.length < limit) hits.push({ paper, score: matches.scores[i]! });
    }
    const spent = work.textChecks >= budget.textChecks || (phrasesUntested && work.positionTests >= budget.positionTests);
    if (spent && hits.length < limit && examined < matches.count) {
      partial = true;
      break;
    }
  }
  const total =
    matches.total !== undefined
      ? matches.total - rejected
      : exhausted || examined === matches.count
        ? passed
        : matches.count - rejected;
  return { hits, total, partial };
}

/** Higher score first; ties go to the newer paper, then the later-added one, so order is total. */
export function byRelevance(index: KeywordIndex, matches: Matches): Ranking {
  const { slots } = matches;
  return { keys: matches.scores, tieBetter: (a, b) => index.isNewer(slots[a]!, slots[b]!) };
}

function byDate(index: KeywordIndex, matches: Matches): Ranking {
  const { slots } = matches;
  const keys = new Float64Array(matches.count);
  for (let i = 0; i < matches.count; i++) keys[i] = index.publishedMsOf(slots[i]!);
  return { keys, tieBetter: (a, b) => index.docIdOf(slots[a]!) > index.docIdOf(slots[b]!) };
}

export function dayNumber(day: string): number {
  return Number(day.replaceAll('-', ''));
}

function plainText(text: string): HighlightSegment[] {
  return text ? [{ type: 'text', text }] : [];
}
