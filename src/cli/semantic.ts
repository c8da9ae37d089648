import type { Config } from '../config/config.ts';
import type { Logger } from 'pino';
import { openAiEmbedder, type SemanticSearch } from '../search/index.ts';

/** The configured embeddings server as semantic search, or null when none is configured. */
export function semanticOf(config: Config, logger?: Logger): SemanticSearch | null {
  if (!config.embedding) return null;
  const { url, model, dimensions } = config.embedding;
  return {
    embedder: openAiEmbedder({ baseUrl: url, model, dimensions }),
    log: logger ? ({ level, message }) => logger[level]({ model }, message) : undefined,
  };
}
