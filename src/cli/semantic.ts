import { type Config, ConfigError } from '../config/config.ts';
import type { Logger } from 'pino';
import { type Embedder, EmbedderError, localEmbedder, openAiEmbedder, type SemanticSearch } from '../search/index.ts';

/**
 * The configured embedding model as semantic search, or null when none is configured. A local
 * model is loaded here, before the service answers, so a model that cannot load stops the
 * command with the reason and the first query does not wait for it.
 */
export async function semanticOf(config: Config, logger?: Logger): Promise<SemanticSearch | null> {
  if (!config.embedding) return null;
  const embedder = await Promise.resolve(embedderOf(config.embedding)).catch((error: unknown) => {
    throw error instanceof EmbedderError ? new ConfigError('EMBEDDING_MODEL', error.message) : error;
  });
  const model = embedder.id;
  return {
    embedder,
    log: logger ? ({ level, message }) => logger[level]({ model }, message) : undefined,
  };
}

function embedderOf(settings: NonNullable<Config['embedding']>): Promise<Embedder> | Embedder {
  if (settings.kind === 'local') {
    const { model, pooling, dimensions } = settings;
    return localEmbedder({ model, pooling, dimensions: dimensions ?? undefined });
  }
  const { url, model, dimensions } = settings;
  return openAiEmbedder({ baseUrl: url, model, dimensions });
}
