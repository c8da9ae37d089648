import type { Store } from '../db/connect.ts';
import type { SearchDocument } from '../core/paper.ts';
import { listSearchDocs, readSearchVersion } from '../store/search.ts';
import type { Bm25Params } from './bm25.ts';
import { type IndexBuilder, KeywordIndex } from './keyword-index.ts';

/*
 * Building a store's keyword index from its papers: one definition for the serving thread
 * (the newest papers, a small archive, `reindex`) and the build worker (the whole archive).
 */

const PAGE = 5_000;
/** Papers indexed between yields to the event loop (about 25 ms of work). */
const YIELD_EVERY = 500;

export interface BuiltIndex {
  index: KeywordIndex;
  /** The change-log version read before the papers: what committed during the build is replayed onto it. */
  version: number;
}

export interface BuildOptions {
  bm25?: Bm25Params;
  /** Where the build's term positions wait until a snapshot holds them (the snapshot's folder); none: in memory. */
  scratchDir?: string;
}

/** Every paper of the store, read page by page, in a new index. */
export async function buildWholeIndex(store: Store, options: BuildOptions): Promise<BuiltIndex> {
  // The counter is read before the scan: whatever commits during it is logged with a
  // later version and re-applied on the next refresh (adding a paper twice replaces it).
  const version = await readSearchVersion(store);
  const builder = indexBuilder(options);
  let after = 0;
  for (;;) {
    const rows = await listSearchDocs(store, after, PAGE);
    await addInSlices(builder, rows);
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.docId;
  }
  return { index: await builder.finishInSlices(), version };
}

export function indexBuilder({ bm25, scratchDir }: BuildOptions): IndexBuilder {
  return KeywordIndex.builder(bm25, scratchDir === undefined ? undefined : { dir: scratchDir });
}

/** Adds papers to a build, letting searches run between slices: a background build must not stall them. */
export async function addInSlices(builder: IndexBuilder, docs: SearchDocument[]): Promise<void> {
  for (let i = 0; i < docs.length; i++) {
    builder.add(docs[i]!);
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
  }
}
