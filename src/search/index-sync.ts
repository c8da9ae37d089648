import type { Logger } from 'pino';
import type { Store } from '../db/connect.ts';
import { randomUUID } from 'node:crypto';
import { rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DatabaseTarget } from '../config/config.ts';
import { changedDocsSince, getSearchDocs, listNewestSearchDocs, readSearchVersion } from '../store/search.ts';
import { claimServiceState } from '../store/service-state.ts';
import type { Bm25Params } from './bm25.ts';
import { buildInWorker, type WorkerBuild } from './build-in-worker.ts';
import { addInSlices, type BuildOptions, type BuiltIndex, buildWholeIndex, indexBuilder } from './index-build.ts';
import {
  buildingFileOf,
  readSnapshot,
  readSnapshotInSlices,
  removeAbandonedSnapshots,
  type Snapshot,
  SnapshotUnusable,
  writeSnapshot,
} from './index-snapshot.ts';
import { KeywordIndex } from './keyword-index.ts';
import { OneAtATime } from './one-at-a-time.ts';
import { closePositionsFile } from './term-positions.ts';

/*
 * Keeps a store's keyword index in step with the papers table. Each search first
 * reads the change counter (one indexed row); when it moved, the papers logged since are
 * re-read and re-indexed, so a search sees every write committed before it began — from
 * this process or any other. Large changes (an import) and accumulated churn rebuild in the
 * background while the previous index keeps answering: a search never waits for a rebuild.
 *
 * With a snapshot file, the first search loads the index from it and replays the log since
 * (a second at a million papers, not a build of 90 s); the snapshot is rewritten after every
 * full build, every few minutes while the log grows, and on a clean shutdown. One that cannot
 * be used (missing, damaged, another format, ahead of the database) is rebuilt, saying why.
 * No other full-text index exists to answer meanwhile, so without a snapshot the newest papers
 * are indexed first (seconds) and answer, each answer marked partial, while every paper is
 * indexed in the background as a rebuild is; only the first search of a small archive (no more
 * papers than that) waits for its whole build, which is as quick. A background build of the
 * whole archive runs in a process of its own (build-worker.ts) when the store can be opened
 * there, handing its index over as the snapshot file it writes: the server keeps its speed,
 * and never holds the build's memory. The index reads its term positions from the snapshot it was
 * loaded from or last wrote (term-positions.ts); an index replaced while searches still hold
 * it keeps its file open until it is no longer referenced.
 */

/** Changes beyond this share of the corpus rebuild instead of patching. */
const REBUILD_SHARE = 0.2;
const REBUILD_MIN = 5_000;
/** A patched index is rebuilt once this share of it is replaced papers or late additions. */
const MAX_STALENESS = 0.3;
/** How often the snapshot is brought up to date while the log grows. */
const SNAPSHOT_EVERY_MS = 10 * 60_000;
/**
 * Papers in the first index when there is no snapshot: the newest ones, what readers of a
 * daily-papers hub search most (arXiv's cs listings publish about 50,000 papers in three
 * months). They are read and indexed in 3.9 s at a million papers on SQLite, where the whole
 * archive takes over a minute (BENCHMARKS.md).
 */
export const NEWEST_FIRST_PAPERS = 50_000;

export interface SearchIndexOptions {
  /** Where a failed background rebuild is reported. */
  logger: Logger;
  /** BM25F parameters other than the tuned defaults (benchmarks). */
  bm25?: Bm25Params;
  /** Where the index is kept between runs (DATA_DIR/search-index.v3.bin); none: built on every start. */
  snapshotFile?: string;
  /** Papers in the newest-first index other than NEWEST_FIRST_PAPERS (tests, with a small corpus). */
  newestFirstPapers?: number;
  /**
   * Where the store is, for building the whole archive in a process of its own (build-worker.ts)
   * when there is a snapshot file to hand the index over in; none: built on the serving thread.
   */
  database?: DatabaseTarget;
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
  /** The background rebuild under way, if any: one at a time. */
  private rebuilding: Promise<void> | null = null;
  /** A change too large to patch is being rebuilt: until it lands, searches use the previous index. */
  private behind = false;
  /** The change-log version the snapshot file holds (-1: none written or read yet). */
  private snapshotVersion = -1;
  /** The snapshot being written, if any: one at a time. */
  private writing: Promise<void> | null = null;
  private snapshotTimer: NodeJS.Timeout | null = null;
  /** The build process under way, if any (buildWhole). */
  private worker: WorkerBuild | null = null;
  /** A shutdown under way: a build it stops is not a failure to report. */
  private closing = false;
  private identity: Promise<string> | null = null;
  /** Indexes of the newest papers only, answering while the whole archive is indexed: their answers are partial. */
  private readonly newestOnly = new WeakSet<KeywordIndex>();
  /** Searches whose plan is expensive run here, one at a time server-wide (search.ts). */
  readonly expensiveSearches = new OneAtATime();

  constructor(
    readonly store: Store,
    private readonly options: SearchIndexOptions,
  ) {}

  /** The change-log version the index reflects: what was computed from the index holds while it stays the same. */
  get version(): number {
    return this.indexedVersion;
  }

  /**
   * False while the first index is made (a search would wait for it); true once it is, or before
   * it starts. Without a snapshot that first index holds the newest papers only: the service is
   * ready once search answers, even partially, since a replica held out of the balancer for the
   * minute the whole archive takes at a million papers would answer nothing instead.
   */
  get ready(): boolean {
    return this.index !== null || this.running === null;
  }

  /**
   * The index, current and holding every paper: while the archive is first indexed this waits
   * for that build, where current() answers at once from the newest papers. For scheduled work
   * that must not miss older papers (a digest, a webhook post); a reader is answered at once.
   */
  async everyPaper(): Promise<KeywordIndex> {
    const index = await this.current();
    if (!this.newestOnly.has(index)) return index;
    // Under way: refresh() starts it again after a failure while the newest papers answer.
    await this.rebuilding;
    const whole = await this.current();
    if (this.newestOnly.has(whole)) throw new Error('indexing every paper failed; it is tried again on the next search');
    return whole;
  }

  /** Whether `index` holds the newest papers only (the archive is still being indexed): what it finds is partial. */
  holdsNewestOnly(index: KeywordIndex): boolean {
    return this.newestOnly.has(index);
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
    // A failed build of the whole archive is tried again while the newest papers answer.
    if (this.index && this.newestOnly.has(this.index) && !this.rebuilding) this.rebuildInBackground();
    const latest = await readSearchVersion(this.store);
    if (this.index && latest === this.indexedVersion) return this.index;
    if (!this.index && !(await this.loadSnapshot(latest))) return this.startNewestFirst();
    if (!this.index) throw new Error('unreachable: a loaded snapshot sets the index');
    if (latest === this.indexedVersion) return this.index;
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

  /**
   * No usable snapshot: the newest papers are indexed and answer, and the whole archive is
   * indexed in the background (the next refresh after it lands swaps it in and replays the log
   * since it began, as after any background rebuild). An archive no larger than the newest-first
   * index is built whole at once.
   */
  private async startNewestFirst(): Promise<KeywordIndex> {
    const newest = await this.buildNewest();
    if (!newest) return this.rebuild();
    ({ index: this.index, version: this.indexedVersion } = newest);
    this.newestOnly.add(newest.index);
    this.options.logger.info(
      { papers: newest.index.liveCount, changeVersion: newest.version },
      'search answers from the newest papers while every paper is indexed',
    );
    this.rebuildInBackground();
    return this.index;
  }

  /** A full build that waits: the first search of a small archive. */
  private async rebuild(): Promise<KeywordIndex> {
    ({ index: this.index, version: this.indexedVersion } = await this.build());
    this.replacement = null;
    this.saveSnapshotInBackground(this.index, this.indexedVersion);
    return this.index;
  }

  /** Takes the snapshot as the index when it can be used; says why not and returns false otherwise. */
  private async loadSnapshot(latest: number): Promise<boolean> {
    const file = this.options.snapshotFile;
    if (!file) return false;
    const started = performance.now();
    let snapshot: Snapshot | null = null;
    try {
      const abandoned = await removeAbandonedSnapshots(file);
      if (abandoned.length > 0)
        this.options.logger.warn({ abandoned }, 'removed snapshot files a stopped process left half written');
      const identity = await this.databaseIdentity();
      // From here to the index made, nothing else runs: the read and the maps are one piece of work.
      const reading = performance.now();
      snapshot = readSnapshot(file);
      const { state, changeVersion, database } = snapshot;
      // Two databases' logs may stand at the same version: each names itself.
      if (database !== identity) throw new SnapshotUnusable('it was made from another database');
      // The log only grows: a snapshot ahead of it was made from another database (a restored backup).
      if (changeVersion > latest) {
        throw new SnapshotUnusable(`it includes change ${changeVersion}, but the database's log ends at ${latest}`);
      }
      this.index = KeywordIndex.fromState(state, this.options.bm25);
      this.index.warm();
      this.indexedVersion = this.snapshotVersion = changeVersion;
      // ms with the database's identity asked first (a write, which may wait for a lock at a start); readMs the read alone.
      this.logIndex('search index loaded from its snapshot', this.index, changeVersion, started, {
        readMs: Math.round(performance.now() - reading),
      });
      this.keepSnapshotCurrent();
      this.checkPositionsInBackground(this.index, file);
      return true;
    } catch (error) {
      if (snapshot && !this.index) closePositionsFile(snapshot.state.positions);
      const reason = error instanceof SnapshotUnusable ? error.message : String(error);
      this.options.logger.warn({ file, reason }, `rebuilding the search index: its snapshot cannot be used (${reason})`);
      return false;
    }
  }

  /**
   * Checks the loaded snapshot's term positions after the index answers (the file's largest part;
   * a phrase test that comes first finishes the check itself). Damaged ones rebuild the index in
   * the background, as churn does; until it lands, phrase tests leave the text check to decide.
   */
  private checkPositionsInBackground(index: KeywordIndex, file: string): void {
    index
      .checkPositions()
      .then((verdict) => {
        if (verdict !== 'damaged' || this.index !== index) return;
        const reason = 'its term positions do not match their checksum';
        this.options.logger.warn({ file, reason }, `rebuilding the search index: its snapshot cannot be used (${reason})`);
        if (!this.rebuilding) this.rebuildInBackground();
      })
      .catch((err: unknown) => this.options.logger.error({ err }, "checking the search index snapshot's term positions failed"));
  }

  /** The name this database's snapshots carry, made by the first process that asks. */
  private databaseIdentity(): Promise<string> {
    this.identity ??= claimServiceState(this.store, 'search-snapshot-identity', randomUUID(), new Date());
    // A failure (a full disk) is asked again next time, not remembered.
    this.identity.catch(() => (this.identity = null));
    return this.identity;
  }

  /** Rebuilds the index from the papers and writes its snapshot, waiting for both (`dailypapers reindex`). */
  async rebuildSnapshot(): Promise<{ papers: number; version: number }> {
    const built = await this.build();
    ({ index: this.index, version: this.indexedVersion } = built);
    this.replacement = null;
    await this.saveSnapshot(built.index, built.version);
    return { papers: built.index.liveCount, version: built.version };
  }

  /**
   * Stops the periodic snapshot and, on a clean shutdown, writes one if the log moved since the
   * last; then closes the index (its positions' file). A search after this loads it again.
   */
  async close(): Promise<void> {
    if (this.snapshotTimer) clearInterval(this.snapshotTimer);
    this.snapshotTimer = null;
    if (this.worker) {
      // A build process is stopped, not waited for (a minute at a million papers); one on this thread is left to finish.
      this.closing = true;
      await this.worker.stop();
      await this.rebuilding;
      this.closing = false;
    }
    await this.writing;
    // An index of the newest papers only is never a snapshot: the next start would take it for the archive.
    if (this.index && !this.newestOnly.has(this.index) && this.indexedVersion > this.snapshotVersion) {
      // One that cannot be written (a full disk, positions found damaged) costs the next start a build, not this shutdown.
      await this.saveSnapshot(this.index, this.indexedVersion).catch((err: unknown) =>
        this.options.logger.error({ err }, 'writing the search index snapshot failed; the next start rebuilds the index'),
      );
    }
    this.index?.close();
    this.replacement?.index.close();
    this.index = null;
    this.replacement = null;
    this.indexedVersion = -1;
  }

  /** One line of the log about an index and its snapshot: its papers, version, time since `started` and memory by part. */
  private logIndex(
    message: string,
    index: KeywordIndex,
    version: number,
    started: number,
    times: Record<string, number> = {},
  ): void {
    const { snapshotFile: file } = this.options;
    const ms = Math.round(performance.now() - started);
    const memoryMb = megabytes(index.memoryBytes());
    this.options.logger.info({ file, papers: index.liveCount, changeVersion: version, ms, ...times, memoryMb }, message);
  }

  private keepSnapshotCurrent(): void {
    if (this.snapshotTimer || !this.options.snapshotFile) return;
    this.snapshotTimer = setInterval(() => {
      if (this.writing) return;
      // Brings the index current first (a patch, not a build), so the snapshot holds the log's end.
      this.current()
        .then((index) => {
          if (!this.newestOnly.has(index) && this.indexedVersion > this.snapshotVersion) {
            this.saveSnapshotInBackground(index, this.indexedVersion);
          }
        })
        .catch((err: unknown) => this.options.logger.error({ err }, 'bringing the search index current for its snapshot failed'));
    }, SNAPSHOT_EVERY_MS);
    this.snapshotTimer.unref();
  }

  private saveSnapshotInBackground(index: KeywordIndex, version: number): void {
    if (!this.options.snapshotFile) return;
    this.saveSnapshot(index, version).catch((err: unknown) =>
      this.options.logger.error({ err }, 'writing the search index snapshot failed; the next start rebuilds the index'),
    );
  }

  /** Writes after any write under way (they share a temporary file). */
  private saveSnapshot(index: KeywordIndex, version: number): Promise<void> {
    return this.inWritingTurn(() => this.writeSnapshotNow(index, version));
  }

  /** Runs `work` on the snapshot file after whatever is under way there: one writer at a time. */
  private inWritingTurn<T>(work: () => Promise<T>): Promise<T> {
    const turn = (this.writing ?? Promise.resolve()).catch(() => undefined).then(work);
    const writing = turn.then(
      () => undefined,
      () => undefined,
    );
    this.writing = writing;
    return turn.finally(() => {
      if (this.writing === writing) this.writing = null;
    });
  }

  private async writeSnapshotNow(index: KeywordIndex, version: number): Promise<void> {
    const file = this.options.snapshotFile;
    if (!file) return;
    const started = performance.now();
    // Taken in one synchronous step. Changes patched in after `version` may be in it too:
    // replaying them at the next start adds or removes the same papers again, which is harmless.
    const database = await this.databaseIdentity();
    await writeSnapshot(file, index.capture(), version, database);
    this.snapshotVersion = Math.max(this.snapshotVersion, version);
    this.logIndex('search index snapshot written', index, version, started);
    this.keepSnapshotCurrent();
  }

  /** Tidies a patched index, or catches up with an import, without making a search wait: the next refresh swaps it in. */
  private rebuildInBackground(): void {
    this.rebuilding = this.buildWhole()
      .then((built) => {
        // Closed meanwhile (a shutdown): nothing is serving to take it.
        if (!this.index) return built.index.close();
        this.replacement = built;
        if (!built.snapshotWritten) this.saveSnapshotInBackground(built.index, built.version);
      })
      // A failed build changes nothing: the previous index keeps serving and is tried again.
      .catch((err: unknown) => {
        this.behind = false;
        if (this.closing) return;
        this.options.logger.error(
          { err },
          'rebuilding the search index in the background failed; the patched index keeps serving',
        );
      })
      .finally(() => {
        this.rebuilding = null;
      });
  }

  /**
   * The whole archive in a new index. In a process of its own when the store can be opened there
   * (a file or a server) and a snapshot file can carry the index back (written, then): the server
   * answers meanwhile at full speed and never holds the build's memory. On this thread, in
   * slices, otherwise.
   */
  private async buildWhole(): Promise<BuiltIndex & { snapshotWritten: boolean }> {
    const { database, snapshotFile } = this.options;
    if (!database || !snapshotFile || (database.dialect === 'sqlite' && database.file === ':memory:')) {
      return { ...(await this.build()), snapshotWritten: false };
    }
    const started = performance.now();
    const building = buildingFileOf(snapshotFile);
    const worker = buildInWorker({
      target: database,
      file: building,
      database: await this.databaseIdentity(),
      bm25: this.options.bm25,
    });
    this.worker = worker;
    try {
      const { version } = await worker.result;
      const built = await this.inWritingTurn(() => this.adoptBuiltSnapshot(building, snapshotFile, version, started));
      return { ...built, snapshotWritten: true };
    } finally {
      if (this.worker === worker) this.worker = null;
    }
  }

  /** Moves a worker's snapshot over the live one and loads it: the index it built, as at a start. */
  private async adoptBuiltSnapshot(building: string, file: string, version: number, started: number): Promise<BuiltIndex> {
    await rename(building, file);
    const loading = performance.now();
    // In slices: the server is answering meanwhile (from the index this one replaces).
    const { state } = await readSnapshotInSlices(file);
    const index = KeywordIndex.fromState(state, this.options.bm25);
    index.warm();
    this.snapshotVersion = Math.max(this.snapshotVersion, version);
    this.logIndex('search index built in a worker process and loaded from its snapshot', index, version, started, {
      loadMs: Math.round(performance.now() - loading),
    });
    this.keepSnapshotCurrent();
    this.checkPositionsInBackground(index, file);
    return { index, version };
  }

  private build(): Promise<BuiltIndex> {
    return buildWholeIndex(this.store, this.buildOptions());
  }

  /** The newest papers' index, or null when they are the whole archive (at most newestFirstPapers dated papers). */
  private async buildNewest(): Promise<BuiltIndex | null> {
    // Read before the papers, as in buildWholeIndex(): changes committed meanwhile are replayed onto it.
    const version = await readSearchVersion(this.store);
    const limit = this.options.newestFirstPapers ?? NEWEST_FIRST_PAPERS;
    const rows = await listNewestSearchDocs(this.store, limit);
    if (rows.length < limit) return null;
    const builder = indexBuilder(this.buildOptions());
    await addInSlices(builder, rows);
    return { index: await builder.finishInSlices(), version };
  }

  private buildOptions(): BuildOptions {
    // Beside the snapshot, the build's term positions wait in a scratch file until the snapshot holds them.
    const file = this.options.snapshotFile;
    return { bm25: this.options.bm25, scratchDir: file === undefined ? undefined : dirname(file) };
  }
}

/** Each part's bytes in MB, to a tenth: what the log says the index holds. */
function megabytes(parts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(parts).map(([part, bytes]) => [part, Math.round(bytes / 1e5) / 10]));
}
