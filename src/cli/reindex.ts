import { rebuildSearchIndex } from '../db/search-index.ts';
import { countPapers } from '../store/papers.ts';
import { type GlobalOptions, openContext } from './context.ts';

/** `dailypapers reindex`: rebuilds the full-text index from the stored papers. */
export async function reindexCommand(global: GlobalOptions): Promise<number> {
  const { store } = await openContext(global);
  try {
    const started = performance.now();
    await rebuildSearchIndex(store);
    const papers = await countPapers(store);
    process.stdout.write(`reindexed ${papers} papers in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  } finally {
    await store.close();
  }
}
