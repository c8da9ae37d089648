import { createHash } from 'node:crypto';
import type { Store } from '../db/connect.ts';
import { listTextsForVectors, savePaperVectors } from '../store/search.ts';
import { checkVectors, type Embedder, paperText } from './embedder.ts';

export interface EmbedProgress {
  /** Papers looked at so far. */
  seen: number;
  /** Papers given a new vector so far. */
  embedded: number;
}

export interface EmbedOptions {
  /** Papers per embedder call and per stored batch. */
  batchSize?: number;
  onProgress?: (progress: Readonly<EmbedProgress>) => void;
  now?: () => Date;
}

/**
 * Gives every paper without a current vector of this model one: papers never embedded,
 * and papers whose title or abstract changed since (a new version). Resumable: what was
 * stored stays stored, and a second run finds nothing to do. Behind `dailypapers embed`
 * and the background job for new papers.
 */
export async function embedMissingPapers(store: Store, embedder: Embedder, options: EmbedOptions = {}): Promise<EmbedProgress> {
  const batchSize = options.batchSize ?? 64;
  const now = options.now ?? (() => new Date());
  const progress: EmbedProgress = { seen: 0, embedded: 0 };
  let after = 0;
  for (;;) {
    const page = await listTextsForVectors(store, embedder.id, after, batchSize);
    if (page.length === 0) break;
    after = page[page.length - 1]!.docId;
    progress.seen += page.length;
    const stale = page
      .map((paper) => ({ ...paper, text: paperText(paper.title, paper.abstract) }))
      .map((paper) => ({ ...paper, hash: textHash(paper.text) }))
      .filter((paper) => paper.hash !== paper.storedHash);
    if (stale.length > 0) {
      const texts = stale.map((p) => p.text);
      const vectors = checkVectors(embedder, texts, await embedder.embed(texts));
      await savePaperVectors(
        store,
        embedder.id,
        stale.map((paper, i) => ({ docId: paper.docId, vector: vectors[i]!, textHash: paper.hash })),
        now(),
      );
      progress.embedded += stale.length;
    }
    options.onProgress?.(progress);
  }
  return progress;
}

function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
