/**
 * A search from query parameters (the API, the search page, the search feed): the text is
 * handed to the search capability as given, and its refusals become 400s naming the parameter.
 */
import type { ListedPaper } from '../core/paper.ts';
import { type SearchHit, searchPapers, type SearchQuery, SearchQueryError, type SearchResult } from '../search/index.ts';
import { SEARCH_REFUSALS } from '../core/search-query.ts';
import { feedEntriesOf } from '../store/feed.ts';
import type { WebContext } from './context.ts';
import { type Query, single } from './params.ts';
import { Refusal } from '../social/errors.ts';

export const DEFAULT_SEARCH_LIMIT = 20;

/** The parameters of a page or feed as a SearchQuery; words where numbers or booleans belong are refused here. */
export function searchQueryOf(query: Query, defaultLimit = DEFAULT_SEARCH_LIMIT): SearchQuery {
  return {
    q: single(query, 'q') ?? '',
    limit: limitOf(single(query, 'limit'), defaultLimit),
    from: single(query, 'from'),
    to: single(query, 'to'),
    category: single(query, 'category'),
    hasCode: hasCodeOf(single(query, 'hasCode')),
    sort: sortOf(single(query, 'sort')),
  };
}

function limitOf(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text)) throw new Refusal('invalid', SEARCH_REFUSALS.limit);
  return Number(text);
}

function hasCodeOf(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  if (text !== 'true' && text !== 'false') throw new Refusal('invalid', SEARCH_REFUSALS.hasCode);
  return text === 'true';
}

function sortOf(text: string | undefined): SearchQuery['sort'] {
  if (text === undefined || text === 'relevance' || text === 'date') return text;
  throw new Refusal('invalid', SEARCH_REFUSALS.sort);
}

/** Runs the search; a query that cannot run is refused as invalid (400) naming the parameter. */
export async function runSearch(ctx: WebContext, query: SearchQuery): Promise<SearchResult> {
  try {
    return await searchPapers(ctx.searchIndex, query, { semantic: ctx.semantic });
  } catch (error) {
    if (error instanceof SearchQueryError) throw new Refusal('invalid', error.message);
    throw error;
  }
}

/** The hits with their feed entries (none for papers on no feed), in the same order. */
export async function listedHits(ctx: WebContext, hits: SearchHit[]): Promise<(ListedPaper & { hit: SearchHit })[]> {
  const entries = await feedEntriesOf(
    ctx.store,
    hits.map((hit) => hit.paper.id),
  );
  return hits.map((hit) => ({ paper: hit.paper, entry: entries.get(hit.paper.id) ?? null, hit }));
}

/** The search's own parameters as a query string (no page), for its feed and filter links. */
export function searchQueryString(query: SearchQuery): string {
  const params = new URLSearchParams({ q: query.q });
  for (const name of ['from', 'to', 'category', 'hasCode', 'sort'] as const) {
    const value = query[name];
    if (value !== undefined) params.set(name, String(value));
  }
  return params.toString();
}
