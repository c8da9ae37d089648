import { embedMissingPapers } from '../search/index.ts';
import { countPapers } from '../store/papers.ts';
import { CommandError, type GlobalOptions, openContext } from './context.ts';
import { createProgress } from './progress.ts';
import { semanticOf } from './semantic.ts';

/** `dailypapers embed`: gives every paper without a current vector one, from the configured model. */
export async function embedCommand(global: GlobalOptions): Promise<number> {
  const { config, store } = await openContext(global);
  try {
    const semantic = await semanticOf(config);
    if (!semantic)
      throw new CommandError(
        'No embedding model: set EMBEDDING_MODEL=local:PATH (an ONNX model folder), or EMBEDDING_URL, EMBEDDING_MODEL and EMBEDDING_DIMENSIONS',
      );
    const progress = createProgress('embedding', await countPapers(store));
    const started = performance.now();
    const done = await embedMissingPapers(store, semantic.embedder, {
      onProgress: ({ seen, embedded }) => progress.update(seen, `${seen} seen, ${embedded} embedded`),
    });
    progress.stop();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`embedded ${done.embedded} of ${done.seen} papers in ${seconds} s\n`);
    return 0;
  } finally {
    await store.close();
  }
}
