import { parseArxivId } from '../core/arxiv-id.ts';
import { addDays, parseDay } from '../core/dates.ts';
import type { Paper } from '../core/paper.ts';
import { Refusal } from '../core/refusal.ts';
import type { SearchIndex, SemanticSearch } from '../search/index.ts';
import { storedVectors } from '../search/semantic.ts';
import { visiblePapersByDocId } from '../store/search.ts';
import { type PaperText, paperTexts, type Taste } from '../store/taste.ts';
import {
  type DayWindow,
  DEFAULT_WEIGHTS,
  type PositiveDoc,
  type PositiveSource,
  recommendFromIndex,
  type TasteDocs,
} from './model.ts';
import { reasonInWords } from './reasons.ts';

/** Papers one request may rank and return. */
export const MAX_RECOMMENDATIONS = 500;
export const DEFAULT_RECOMMENDATIONS = 100;
/** Ids one list may name: a library of this size says all a model can use; more is refused, not cut. */
export const MAX_PAPER_IDS = 500;
/** Without `from`, recommendations are papers of the last this many days. */
export const DEFAULT_WINDOW_DAYS = 30;
/** Members with fewer positives get the first-run page instead. */
export const MIN_POSITIVES = 3;

export interface RecommendationRequest {
  positives: readonly { paperId: string; source: PositiveSource }[];
  negatives: readonly string[];
  followedAuthors?: readonly string[];
  followedCategories?: readonly string[];
  /** YYYY-MM-DD, inclusive; `from` defaults to DEFAULT_WINDOW_DAYS before `today`. */
  from?: string;
  to?: string;
  limit: number;
  /** YYYY-MM-DD: the day the default window ends. */
  today: string;
}

export interface Recommendation {
  paper: Paper;
  reason: string;
}

export interface MemberRecommendations {
  items: Recommendation[];
  /** Ranked among the newest papers only: the archive is still being indexed (SearchIndex.holdsNewestOnly). */
  indexing: boolean;
}

export interface Recommendations extends MemberRecommendations {
  /** Ids of either list that name no paper here (ignored), in the order given. */
  unknownPaperIds: string[];
}

/** An arXiv id or URL as stored (no version); anything else as given, trimmed. */
export const paperIdOf = (input: string) => parseArxivId(input)?.id ?? input.trim();

/**
 * New papers for a taste, best first, each with its reason in words. Ids are normalised and
 * deduplicated (a paper in both lists counts as negative); unknown ones are ignored and listed
 * back, and when no positive is known the request is refused (404).
 */
export async function recommendPapers(
  search: SearchIndex,
  request: RecommendationRequest,
  options: RecommendOptions = {},
): Promise<Recommendations> {
  const window = dayWindow(request);
  const negativeIds = [...new Set(request.negatives.map(paperIdOf))];
  const positives = dedupe(request.positives.map((p) => ({ ...p, paperId: paperIdOf(p.paperId) }))).filter(
    (p) => !negativeIds.includes(p.paperId),
  );
  const texts = await paperTexts(search.store, [...positives.map((p) => p.paperId), ...negativeIds]);
  const unknownPaperIds = [...positives.map((p) => p.paperId), ...negativeIds].filter((id) => !texts.has(id));
  const known = positives.filter((p) => texts.has(p.paperId));
  const follows = (request.followedAuthors?.length ?? 0) + (request.followedCategories?.length ?? 0);
  if (known.length === 0 && follows === 0 && positives.length > 0) {
    throw new Refusal('not-found', `None of positivePaperIds is a paper here: ${unknownPaperIds.slice(0, 10).join(', ')}`);
  }
  const taste: TasteDocs = {
    positives: known.map((p): PositiveDoc => ({ ...asDoc(texts.get(p.paperId)!), paperId: p.paperId, source: p.source })),
    negatives: negativeIds.flatMap((id) => (texts.has(id) ? [asDoc(texts.get(id)!)] : [])),
    followedAuthors: request.followedAuthors ?? [],
    followedCategories: request.followedCategories ?? [],
  };
  const [index, vectors] = await Promise.all([
    options.everyPaper ? search.everyPaper() : search.current(),
    options.semantic ? storedVectors(search.store, options.semantic) : null,
  ]);
  const ranked = recommendFromIndex(index, taste, window, request.limit, DEFAULT_WEIGHTS, vectors);
  const papers = await visiblePapersByDocId(
    search.store,
    ranked.map((r) => r.docId),
  );
  const items = ranked.flatMap(({ docId, reason }) => {
    const paper = papers.get(docId);
    return paper ? [{ paper, reason: reasonInWords(reason, paper) }] : [];
  });
  return { items, unknownPaperIds, indexing: search.holdsNewestOnly(index) };
}

export interface RecommendOptions {
  /** Waits for the index of every paper while the archive is first indexed: scheduled work, sent once (a digest). */
  everyPaper?: boolean;
  /**
   * The configured embedding model: its stored paper vectors rank by meaning too (the model is
   * never called). Without it, or without vectors for the library, keywords rank alone.
   */
  semantic?: SemanticSearch | null;
}

/** A member's recommendations from what the hub knows of them (store/taste.ts). */
export async function recommendForMember(
  search: SearchIndex,
  taste: Taste,
  window: Pick<RecommendationRequest, 'from' | 'to' | 'limit' | 'today'>,
  options: RecommendOptions = {},
): Promise<MemberRecommendations> {
  if (taste.positives.length === 0 && taste.authors.length === 0 && taste.categories.length === 0) {
    return { items: [], indexing: false };
  }
  const { items, indexing } = await recommendPapers(
    search,
    {
      positives: taste.positives,
      negatives: taste.negatives,
      followedAuthors: taste.authors,
      followedCategories: taste.categories,
      ...window,
    },
    options,
  ).catch((error: unknown) => {
    // Every library paper since deleted: nothing to recommend from, which is no fault of the member.
    if (error instanceof Refusal && error.kind === 'not-found') return { items: [], indexing: false };
    throw error;
  });
  return { items, indexing };
}

function dayWindow(request: Pick<RecommendationRequest, 'from' | 'to' | 'today'>): DayWindow {
  for (const name of ['from', 'to'] as const) {
    const value = request[name];
    if (value !== undefined && parseDay(value) === null) {
      throw new Refusal('invalid', `Invalid ${name} "${value}": parameter ${name} must be a date, YYYY-MM-DD`);
    }
  }
  const from = request.from ?? addDays(request.to ?? request.today, -DEFAULT_WINDOW_DAYS);
  if (request.to !== undefined && from > request.to) {
    throw new Refusal('invalid', `from (${from}) is after to (${request.to}): no day is in that range`);
  }
  const asNumber = (day: string) => Number(day.replaceAll('-', ''));
  return { fromDay: asNumber(from), ...(request.to === undefined ? {} : { toDay: asNumber(request.to) }) };
}

function dedupe<T extends { paperId: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.paperId) && seen.add(item.paperId));
}

function asDoc(text: PaperText) {
  return { docId: text.docId, title: text.title, abstract: text.abstract, authors: text.authors, categories: text.categories };
}
