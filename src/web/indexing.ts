/**
 * How an answer other than a page says it came from the newest papers only, while the archive
 * is first indexed (SearchIndex.holdsNewestOnly): in a header, since the JSON bodies are public
 * contracts (Hugging Face's shapes among them) that a new field would break.
 */
export const INDEXING_HEADER = 'x-search-indexing';

/** The headers of an answer made while `indexing`; none otherwise. */
export function indexingHeaders(indexing: boolean): Record<string, string> {
  return indexing ? { [INDEXING_HEADER]: 'true' } : {};
}
