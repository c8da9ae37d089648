import type { Logger } from 'pino';
import type { Store } from '../db/connect.ts';
import { changedDocsSince, getSearchDocs, listSearchDocs, readSearchVersion } from '../store/search.ts';
import type { Bm25Params } from './bm25.ts';
import { KeywordIndex } from './keyword-index.ts';

/*
 * Keeps a store's keyword index in step with the papers table. Each search first
 * reads the change counter (one indexed row); when it moved, the papers logged since are
 * re-read and re-indexed, so a search sees every write committed before it began — from
 * this process or any other. Large changes (an import) and accumulated churn rebuild in the
 * background while the previous index keeps answering: a search never waits for a rebuild,
 * except the very first build (when `/readyz` says the service is not ready yet).
 */

const PAGE = 5_000;
/** Papers indexed between yields to the event loop (about 25 ms of work). */
const YIELD_EVERY = 500;
/** Changes beyond this share of the corpus rebuild instead of patching. */
const REBUILD_SHARE = 0.2;
const REBUILD_MIN = 5_000;
/** A patched index is rebuilt once this share of it is replaced papers or late additions. */
const MAX_STALENESS = 0.3;

export interface SearchIndexOptions {
  /** Where a failed background rebuild is reported. */
  logger: Logger;
  /** BM25F parameters other than the tuned defaults (benchmarks). */
  bm25?: Bm25Params;
}

/**
 * The keyword index of one store, built on first use (seconds for 100,000 papers). The
 * composition root makes one per store and hands it to everything that searches.
 */
export class SearchIndex {
  private index: KeywordIndex | null = null;
  private indexedVersion = -1;
  private running: Promise<KeywordIndex> | null = null;
  private queued: Promise<KeywordIndex> | null = null;
  private replacement: { index: KeywordIndex; version: number } | null = null;
  private rebuilding = false;
  /** A change too large to patch is being rebuilt: until it lands, searches use the previous index. */
  private behind = false;

  constructor(
    readonly store: Store,
    private readonly options: SearchIndexOptions,
  ) {}

  /** The change-log version the index reflects: what was computed from the index holds while it stays the same. */
  get version(): number {
    return this.indexedVersion;
  }

  /** False while the first build runs (a search would wait for it); true once it is done or before it starts. */
  get ready(): boolean {
    return this.index !== null || this.running === null;
  }

  /** The index, brought up to date with everything committed before this call. */
  current(): Promise<KeywordIndex> {
    // A refresh already running may have read the counter before our caller's write, so
    // queue one more after it; callers arriving meanwhile share that queued one.
    if (this.queued) return this.queued;
    if (this.running) {
      this.queued = this.running
        .catch(() => undefined)
        .then(() => {
          this.queued = null;
          return this.start();
        });
      return this.queued;
    }
    return this.start();
  }

  private start(): Promise<KeywordIndex> {
    const run = this.refresh().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async refresh(): Promise<KeywordIndex> {
    if (this.replacement) {
      // A background rebuild finished: take it, then catch it up like any index.
      ({ index: this.index, version: this.indexedVersion } = this.replacement);
      this.replacement = null;
      this.behind = false;
    }
    const latest = await readSearchVersion(this.store);
    if (this.index && latest === this.indexedVersion) return this.index;
    if (!this.index) return this.rebuild();
    if (this.behind) return this.index;
    const changes = await changedDocsSince(this.store, this.indexedVersion);
    if (changes.docIds.length > Math.max(REBUILD_MIN, REBUILD_SHARE * this.index.liveCount)) {
      // An import: answering from the index as it was beats making every search wait seconds.
      this.behind = true;
      if (!this.rebuilding) this.rebuildInBackground();
      return this.index;
    }
    const docs = await getSearchDocs(this.store, changes.docIds);
    const present = new Set<number>();
    for (const doc of docs) {
      present.add(doc.docId);
      this.index.add(doc);
    }
    for (const docId of changes.docIds) if (!present.has(docId)) this.index.remove(docId);
    this.indexedVersion = Math.max(changes.version, latest);
    if (this.index.staleness > MAX_STALENESS && !this.rebuilding) this.rebuildInBackground();
    return this.index;
  }

  /** A full build that waits: the first search. */
  private async rebuild(): Promise<KeywordIndex> {
    ({ index: this.index, version: this.indexedVersion } = await this.build());
    this.replacement = null;
    return this.index;
  }

  /** Tidies a patched index, or catches up with an import, without making a search wait: the next refresh swaps it in. */
  private rebuildInBackground(): void {
    this.rebuilding = true;
    this.build()
      .then((built) => {
        this.replacement = built;
      })
      // A failed build changes nothing: the previous index keeps serving and is tried again.
      .catch((err: unknown) => {
        this.behind = false;
        this.options.logger.error(
          { err },
          'rebuilding the search index in the background failed; the patched index keeps serving',
        );
      })
      .finally(() => {
        this.rebuilding = false;
      });
  }

  private async build(): Promise<{ index: KeywordIndex; version: number }> {
    // The counter is read before the scan: whatever commits during it is logged with a
    // later version and re-applied on the next refresh (adding a paper twice replaces it).
    const version = await readSearchVersion(this.store);
    const builder = KeywordIndex.builder(this.options.bm25);
    let after = 0;
    for (;;) {
      const rows = await listSearchDocs(this.store, after, PAGE);
      for (let i = 0; i < rows.length; i++) {
        builder.add(rows[i]!);
        // Let searches run between slices: a background rebuild must not stall them.
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]!.docId;
    }
    return { index: builder.finish(), version };
  }
}
