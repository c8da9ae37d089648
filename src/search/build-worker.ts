/*
 * The whole archive's index, built on a thread of its own (started by build-in-worker.ts): the
 * serving thread keeps answering at full speed, and the build's garbage — several hundred MB at
 * a million papers, which V8 would otherwise keep in the serving heap — goes when the thread
 * ends. The result crosses as a snapshot file, which the serving thread loads as at a start.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { dirname } from 'node:path';
import { openStore, type Store } from '../db/connect.ts';
import { buildWholeIndex } from './index-build.ts';
import { writeSnapshot } from './index-snapshot.ts';
import type { WorkerBuildInput, WorkerBuildResult } from './build-in-worker.ts';

const input = workerData as WorkerBuildInput;
let store: Store | null = null;
try {
  // The serving process has brought the schema up to date; this thread only reads.
  store = await openStore(input.target, { migrate: false });
  const { index, version } = await buildWholeIndex(store, { bm25: input.bm25, scratchDir: dirname(input.file) });
  await writeSnapshot(input.file, index.capture(), version, input.database);
  const result: WorkerBuildResult = { version, papers: index.liveCount };
  index.close();
  parentPort!.postMessage(result);
} catch (error) {
  // Only a plain Error crosses to the serving thread whole: a SqliteError would arrive as its code alone.
  const { message, code } = error as { message?: string; code?: string };
  throw Object.assign(new Error(message ?? String(error)), code === undefined ? {} : { code });
} finally {
  await store?.close();
}
