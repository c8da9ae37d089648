/**
 * A search from query parameters (the API, the search page, the search feed): the text is
 * handed to the search capability as given, and its refusals become 400s naming the parameter.
 */
import type { ListedPaper } from '../feeds/hf-json.ts';
import { type SearchHit, searchPapers, type SearchQuery, SearchQueryError, type SearchResult } from '../search/index.ts';
import { feedEntriesOf } from '../store/feed-lookups.ts';
import type { WebContext } from './context.ts';
import { ParamError, type Query, single } from './params.ts';

export const DEFAULT_SEARCH_LIMIT = 20;

/** The parameters as a SearchQuery; values that are not numbers or booleans are left for validation to refuse. */
export function searchQueryOf(query: Query, defaultLimit = DEFAULT_SEARCH_LIMIT): SearchQuery {
  const limit = single(query, 'limit');
  const hasCode = single(query, 'hasCode');
  return {
    q: single(query, 'q') ?? '',
    limit: limit === undefined ? defaultLimit : /^\d{1,9}$/.test(limit) ? Number(limit) : NaN,
    from: single(query, 'from'),
    to: single(query, 'to'),
    category: single(query, 'category'),
    hasCode: hasCode === 'true' ? true : hasCode === 'false' ? false : (hasCode as unknown as boolean | undefined),
    sort: single(query, 'sort') as SearchQuery['sort'],
  };
}

/** Runs the search; a query that cannot run is a ParamError (400) naming the parameter. */
export async function runSearch(ctx: WebContext, query: SearchQuery): Promise<SearchResult> {
  try {
    return await searchPapers(ctx.store, query, { semantic: ctx.semantic });
  } catch (error) {
    if (error instanceof SearchQueryError) throw new ParamError(error.message);
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
