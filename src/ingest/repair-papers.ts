import { repairFacts, sameFacts } from '../core/paper-merge.ts';
import type { Store } from '../db/connect.ts';
import { storedFactsAfter, updatePaperFacts } from '../store/papers.ts';

const PAPERS_PER_TRANSACTION = 1000;

/**
 * Brings every stored paper up to today's ingestion rules (repairFacts: author lists written
 * as text split into names, code and project links read from the comments and abstract), a
 * page at a time, and says how many changed. Papers imported before those rules need this
 * once; running it again changes nothing.
 */
export async function repairStoredPapers(store: Store, now: Date): Promise<number> {
  let repaired = 0;
  let afterId: string | null = null;
  for (;;) {
    const page = await store.db.transaction().execute(async (trx) => {
      const stored = await storedFactsAfter(trx, afterId, PAPERS_PER_TRANSACTION);
      for (const facts of stored) {
        const fixed = repairFacts(facts);
        if (sameFacts(facts, fixed)) continue;
        await updatePaperFacts(trx, fixed, now);
        repaired++;
      }
      return stored;
    });
    if (page.length < PAPERS_PER_TRANSACTION) return repaired;
    afterId = page[page.length - 1]!.id;
  }
}
