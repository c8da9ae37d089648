/**
 * The search capability: one function for every place that searches (page, API, feeds,
 * saved-search digests, benchmarks), similar papers, and the semantic side's parts.
 */
export { searchPapers, type SearchHit, type SearchOptions, type SearchResult } from './search.ts';
export {
  MAX_LIMIT,
  MAX_OFFSET,
  MAX_QUERY_LENGTH,
  type SearchQuery,
  SearchQueryError,
  validateSearchQuery,
} from '../core/search-query.ts';
export { similarPapers, type SimilarPaper, type SimilarPapers } from './similar.ts';
export { parseQuery, type ParsedQuery } from './query-parser.ts';
export { highlight, snippet, type HighlightSegment } from './highlight.ts';
export { type Embedder, EmbedderError } from './embedder.ts';
export { openAiEmbedder, type OpenAiEmbedderOptions } from './openai-embedder.ts';
export { localEmbedder, type LocalEmbedderOptions } from './local-embedder.ts';
export { embedMissingPapers, type EmbedOptions, type EmbedProgress } from './embed-papers.ts';
export { embedQuery, type SemanticSearch } from './semantic.ts';
export { SearchIndex, type SearchIndexOptions } from './index-sync.ts';
export { SNAPSHOT_FILE } from './index-snapshot.ts';
export { type TopicCounts, weeklyTopicCounts, type TopicSeries } from './topic-trends.ts';
