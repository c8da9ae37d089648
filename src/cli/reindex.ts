import { rebuildSearchIndex } from '../db/search-index.ts';
import { repairStoredPapers } from '../ingest/repair-papers.ts';
import { countPapers } from '../store/papers.ts';
import { type GlobalOptions, openContext } from './context.ts';

/**
 * `dailypapers reindex`: brings stored papers up to the ingestion rules (author lists split,
 * code links read from comments and abstracts), then rebuilds the full-text index from them.
 */
export async function reindexCommand(global: GlobalOptions): Promise<number> {
  const { store } = await openContext(global);
  try {
    const started = performance.now();
    const repaired = await repairStoredPapers(store, new Date());
    await rebuildSearchIndex(store);
    const papers = await countPapers(store);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`reindexed ${papers} papers in ${seconds} s (${repaired} brought up to the metadata rules)\n`);
    return 0;
  } finally {
    await store.close();
  }
}
