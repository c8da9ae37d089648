/**
 * How an answer other than a page says its search was incomplete: in headers, since the JSON
 * bodies are public contracts (Hugging Face's shapes among them) that a new field would break.
 * Each header is defined once here, with the words `/openapi.json` gives it; a route that may
 * send one puts it in its 200 answer's `headers`, and exposed-headers.ts lets other sites'
 * scripts read what a route so declares.
 */

/** Sent while the archive is first indexed (SearchIndex.holdsNewestOnly): the newest papers only. */
export const INDEXING_HEADER = 'x-search-indexing';
/** Sent when a search's results are real matches but more, or better ones, may exist (its work budget, or indexing). */
export const PARTIAL_HEADER = 'x-search-partial';

/** The headers of an answer made while `indexing`; none otherwise. */
export function indexingHeaders(indexing: boolean): Record<string, string> {
  return indexing ? { [INDEXING_HEADER]: 'true' } : {};
}

/** The headers of a search answer that may lack matches; none otherwise. */
export function partialHeaders(partial: boolean): Record<string, string> {
  return partial ? { [PARTIAL_HEADER]: 'true' } : {};
}

/** A response schema's `headers` for a header that is `true` when sent and absent otherwise. */
const flag = (description: string) => ({ type: 'string', enum: ['true'], description }) as const;

/** For a 200 answer's `headers`: every route that may answer from the newest papers only. */
export const INDEXING_RESPONSE_HEADER = {
  [INDEXING_HEADER]: flag(
    '`true` while the archive is first indexed: the answer comes from the newest papers only, and others appear once indexing finishes (within minutes). Absent otherwise.',
  ),
};

/** For a 200 answer's `headers`: a search, which may stop at its work budget. */
export const PARTIAL_RESPONSE_HEADER = {
  [PARTIAL_HEADER]: flag(
    '`true` when more, or better, matches may exist: the search reached its work budget, or the archive is still being indexed. The results are real matches. Absent otherwise.',
  ),
};
