import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { checkVectors, type Embedder, EmbedderError } from './embedder.ts';

export interface LocalEmbedderOptions {
  /**
   * A folder with config.json, tokenizer.json and onnx/model.onnx (a Hugging Face ONNX export),
   * or a model id such as `Xenova/bge-small-en-v1.5`, downloaded on first use where there is a network.
   */
  model: string;
  /** The model's vector length (384 for bge-small-en-v1.5); by default, the length of its first vector. */
  dimensions?: number;
  /** How token vectors become one: `cls` for the bge family (the default), `mean` for MiniLM and e5. */
  pooling?: 'cls' | 'mean';
  /** What stored vectors are keyed by; default the folder's name or the model id. */
  id?: string;
  /** Texts per run of the model. */
  batchSize?: number;
  /** Where downloaded models are kept. */
  cacheDir?: string;
}

// The few parts of @huggingface/transformers used here, typed locally: the package is an
// optional dependency, so neither the build nor a keyword-only install needs it.
interface Transformers {
  env: { localModelPath: string; allowLocalModels: boolean; allowRemoteModels: boolean; cacheDir: string | null };
  pipeline(
    task: 'feature-extraction',
    model: string,
    options: { dtype: string },
  ): Promise<(texts: string[], options: { pooling: string; normalize: boolean }) => Promise<{ tolist(): number[][] }>>;
}

const PACKAGE = '@huggingface/transformers';

/**
 * An embedder running an ONNX model in process through @huggingface/transformers (onnxruntime
 * on the CPU). Loading takes a moment, so it is done once, here; embedding a batch of 32
 * abstracts with bge-small takes on the order of a second on two cores.
 */
export async function localEmbedder(options: LocalEmbedderOptions): Promise<Embedder> {
  let transformers: Transformers;
  try {
    transformers = (await import(PACKAGE as string)) as Transformers;
  } catch (error) {
    throw new EmbedderError(
      `the local embedder needs the optional package ${PACKAGE}: ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip npm install ${PACKAGE}`,
      { cause: error },
    );
  }
  const local = existsSync(options.model);
  const { env } = transformers;
  if (local) {
    const folder = resolve(options.model);
    env.localModelPath = `${dirname(folder)}/`;
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
  } else {
    env.allowRemoteModels = true;
    if (options.cacheDir) env.cacheDir = options.cacheDir;
  }
  const name = local ? basename(resolve(options.model)) : options.model;
  let extract: Awaited<ReturnType<Transformers['pipeline']>>;
  try {
    extract = await transformers.pipeline('feature-extraction', name, { dtype: 'fp32' });
  } catch (error) {
    throw new EmbedderError(`cannot load the model ${options.model}: ${(error as Error).message}`, { cause: error });
  }
  const pooling = options.pooling ?? 'cls';
  const batchSize = options.batchSize ?? 32;
  const dimensions = options.dimensions ?? (await extract(['dimensions'], { pooling, normalize: true })).tolist()[0]!.length;
  const embedder: Embedder = {
    id: options.id ?? name,
    dimensions,
    async embed(texts, { signal } = {}) {
      const vectors: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        if (signal?.aborted) throw new EmbedderError('embedding was cancelled');
        const batch = texts.slice(i, i + batchSize);
        const output = await extract(batch, { pooling, normalize: true });
        vectors.push(
          ...checkVectors(
            embedder,
            batch,
            output.tolist().map((row) => Float32Array.from(row)),
          ),
        );
      }
      return vectors;
    },
  };
  return embedder;
}
