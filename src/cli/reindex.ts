import { repairStoredPapers } from '../ingest/repair-papers.ts';
import { type GlobalOptions, openContext } from './context.ts';
import { searchIndexOf } from './parts.ts';

/**
 * `dailypapers reindex`: brings stored papers up to the ingestion rules (author lists split,
 * code links read from comments and abstracts), then rebuilds the keyword index from them and
 * writes its snapshot, which the next `serve` loads (one already running keeps its own index).
 */
export async function reindexCommand(global: GlobalOptions): Promise<number> {
  const { config, store, logger } = await openContext(global);
  try {
    const started = performance.now();
    const repaired = await repairStoredPapers(store, new Date());
    const { papers } = await searchIndexOf({ config, store, logger }).rebuildSnapshot();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`reindexed ${papers} papers in ${seconds} s (${repaired} brought up to the metadata rules)\n`);
    return 0;
  } finally {
    await store.close();
  }
}
