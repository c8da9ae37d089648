/**
 * The seam between search and whatever turns text into vectors: a local ONNX model, an
 * OpenAI-compatible endpoint (Ollama, TEI, vLLM), or a test double.
 */
export interface Embedder {
  /** Names the model; vectors of different ids are never compared. */
  readonly id: string;
  /** Length of every vector it returns. */
  readonly dimensions: number;
  /** One vector per text, in order. May be aborted (a query that waited long enough). */
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<Float32Array[]>;
}

/** Why a vector cannot be used; the message says what was expected. */
export class EmbedderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbedderError';
  }
}

/** Checks an embedder's answer: the right count, the right length, finite numbers. */
export function checkVectors(embedder: Embedder, texts: string[], vectors: Float32Array[]): Float32Array[] {
  if (!Array.isArray(vectors) || vectors.length !== texts.length) {
    throw new EmbedderError(
      `${embedder.id} returned ${Array.isArray(vectors) ? vectors.length : 'no'} vectors for ${texts.length} texts`,
    );
  }
  for (const vector of vectors) {
    if (!(vector instanceof Float32Array) || vector.length !== embedder.dimensions) {
      throw new EmbedderError(
        `${embedder.id} returned a vector of ${vector?.length ?? 'no'} dimensions, expected ${embedder.dimensions}`,
      );
    }
    for (let i = 0; i < vector.length; i++) {
      if (!Number.isFinite(vector[i])) throw new EmbedderError(`${embedder.id} returned a vector with a non-finite value`);
    }
  }
  return vectors;
}

/** The same vector scaled to length 1, so cosine similarity is a dot product; zero stays zero. */
export function normalized(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  const norm = Math.sqrt(sum);
  const out = new Float32Array(vector.length);
  if (norm > 0) for (let i = 0; i < vector.length; i++) out[i] = vector[i]! / norm;
  return out;
}

/** What a paper is embedded as: title and abstract, the same text whichever model. */
export function paperText(title: string, abstract: string | null): string {
  return abstract ? `${title}\n${abstract}` : title;
}
