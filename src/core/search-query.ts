// In core because both the search capability and mail's saved searches check queries by it.
import { isArxivCategory } from './categories.ts';
import { parseDay } from './dates.ts';

/** What a search asks for, from the search box, the API, a feed or a saved search. */
export interface SearchQuery {
  /** The query text: words, "phrases", -exclusions, author:Name, or an arXiv id / URL. */
  q: string;
  /** 1–120. */
  limit: number;
  /** Results to skip, for pages: 0–10,000. */
  offset?: number;
  /** Published on or after this day (YYYY-MM-DD). */
  from?: string;
  /** Published on or before this day (YYYY-MM-DD). */
  to?: string;
  /** An arXiv category (`cs.CL`) or a whole archive (`cs`); matches any of a paper's categories. */
  category?: string;
  /** Only papers with (true) or without (false) a code repository. */
  hasCode?: boolean;
  /** Relevance (default) or newest first. */
  sort?: 'relevance' | 'date';
}

export const MAX_QUERY_LENGTH = 250;
export const MAX_LIMIT = 120;
export const MAX_OFFSET = 10_000;

/** A search that cannot run as asked; `parameter` names the field, so the web layer can answer 400. */
export class SearchQueryError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = 'SearchQueryError';
  }
}

export const MAX_CATEGORY_LENGTH = 40;

/** Why each field of a query was refused; the web API's schemas answer with the same words. */
export const SEARCH_REFUSALS = {
  q: 'q is required: the text to search for',
  qLength: `q must be at most ${MAX_QUERY_LENGTH} characters`,
  limit: `limit must be an integer from 1 to ${MAX_LIMIT}`,
  offset: `offset must be an integer from 0 to ${MAX_OFFSET}`,
  from: 'from must be a date written YYYY-MM-DD',
  to: 'to must be a date written YYYY-MM-DD',
  fromAfterTo: 'from must not be after to',
  category: 'category must be an arXiv category such as cs.CL or an archive such as cs',
  hasCode: 'hasCode must be true or false',
  sort: 'sort must be relevance or date',
} as const;

/**
 * Checks a query from an untrusted caller (the fields may be anything at run time) and
 * returns it with defaults filled. Lengths count characters (code points), as people do.
 */
export function validateSearchQuery(
  query: SearchQuery,
): Required<Omit<SearchQuery, 'from' | 'to' | 'category' | 'hasCode'>> &
  Pick<SearchQuery, 'from' | 'to' | 'category' | 'hasCode'> {
  const q: unknown = query?.q;
  if (typeof q !== 'string' || q.trim() === '') throw new SearchQueryError('q', SEARCH_REFUSALS.q);
  if ([...q].length > MAX_QUERY_LENGTH) throw new SearchQueryError('q', SEARCH_REFUSALS.qLength);
  const limit: unknown = query.limit;
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > MAX_LIMIT) {
    throw new SearchQueryError('limit', SEARCH_REFUSALS.limit);
  }
  const offset: unknown = query.offset ?? 0;
  if (!Number.isInteger(offset) || (offset as number) < 0 || (offset as number) > MAX_OFFSET) {
    throw new SearchQueryError('offset', SEARCH_REFUSALS.offset);
  }
  for (const name of ['from', 'to'] as const) {
    const value: unknown = query[name];
    if (value !== undefined && (typeof value !== 'string' || parseDay(value) === null)) {
      throw new SearchQueryError(name, SEARCH_REFUSALS[name]);
    }
  }
  if (query.from && query.to && query.from > query.to) throw new SearchQueryError('from', SEARCH_REFUSALS.fromAfterTo);
  const category: unknown = query.category;
  if (
    category !== undefined &&
    (typeof category !== 'string' || category.length > MAX_CATEGORY_LENGTH || !isArxivCategory(category))
  ) {
    throw new SearchQueryError('category', SEARCH_REFUSALS.category);
  }
  if (query.hasCode !== undefined && typeof query.hasCode !== 'boolean')
    throw new SearchQueryError('hasCode', SEARCH_REFUSALS.hasCode);
  const sort: unknown = query.sort ?? 'relevance';
  if (sort !== 'relevance' && sort !== 'date') throw new SearchQueryError('sort', SEARCH_REFUSALS.sort);
  return {
    q,
    limit: limit as number,
    offset: offset as number,
    sort,
    from: query.from,
    to: query.to,
    category: query.category,
    hasCode: query.hasCode,
  };
}
