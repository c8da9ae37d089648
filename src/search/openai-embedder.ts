import { checkVectors, type Embedder, EmbedderError } from './embedder.ts';

export interface OpenAiEmbedderOptions {
  /** The server, e.g. http://127.0.0.1:11434 (Ollama), http://tei:8080, https://api.openai.com; with or without /v1. */
  baseUrl: string;
  model: string;
  /** What the model returns; answers of any other length are refused. */
  dimensions: number;
  apiKey?: string;
  /** Texts per request; larger inputs are split. */
  batchSize?: number;
}

/**
 * An embedder behind an OpenAI-compatible `POST /v1/embeddings` endpoint: Ollama, Hugging
 * Face TEI, vLLM, llama.cpp's server, or OpenAI itself. Vectors are stored under the model
 * name, so every server of the same model shares them.
 */
export function openAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const endpoint = `${options.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/embeddings`;
  const batchSize = options.batchSize ?? 64;
  const embedder: Embedder = {
    id: options.model,
    dimensions: options.dimensions,
    async embed(texts, { signal } = {}) {
      const vectors: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        const batch = texts.slice(i, i + batchSize);
        vectors.push(...checkVectors(embedder, batch, await request(batch, signal)));
      }
      return vectors;
    },
  };

  async function request(input: string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
        body: JSON.stringify({ model: options.model, input, encoding_format: 'float' }),
        signal,
      });
    } catch (error) {
      throw new EmbedderError(`cannot reach ${endpoint}: ${(error as Error).message}`, { cause: error });
    }
    const text = await response.text();
    if (!response.ok) throw new EmbedderError(`${endpoint} answered ${response.status}: ${text.slice(0, 200)}`);
    let body: { data?: { embedding?: unknown; index?: unknown }[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new EmbedderError(`${endpoint} answered with something other than JSON`);
    }
    if (!Array.isArray(body.data)) throw new EmbedderError(`${endpoint} answered without a data list`);
    // The order is given by index; most servers keep input order, the API does not promise it.
    const items = [...body.data].sort((a, b) => Number(a.index ?? 0) - Number(b.index ?? 0));
    return items.map((item) => {
      if (!Array.isArray(item.embedding) || !item.embedding.every((x) => typeof x === 'number')) {
        throw new EmbedderError(`${endpoint} answered with an embedding that is not a list of numbers`);
      }
      return Float32Array.from(item.embedding as number[]);
    });
  }

  return embedder;
}
