/*
 * The whole archive's index, built in a process of its own (started by build-in-worker.ts): the
 * serving process keeps answering at full speed, and the build's memory — 1.5 GB at its peak
 * at a million papers — goes back to the system when this process exits. The result crosses
 * as a snapshot file, which the serving process loads as at a start.
 */
import { dirname } from 'node:path';
import { openStore, type Store } from '../db/connect.ts';
import { buildWholeIndex } from './index-build.ts';
import { writeSnapshot } from './index-snapshot.ts';
import type { WorkerBuildInput, WorkerMessage } from './build-in-worker.ts';

// The serving process gone (its channel closed) before the answer: no one will load the snapshot.
let answered = false;
process.on('disconnect', () => {
  if (!answered) process.exit(1);
});

process.once('message', (input: WorkerBuildInput) => {
  void build(input).then((message) => {
    answered = true;
    process.send!(message, () => process.disconnect());
  });
});

async function build(input: WorkerBuildInput): Promise<WorkerMessage> {
  let store: Store | null = null;
  try {
    // The serving process has brought the schema up to date; this one only reads.
    store = await openStore(input.target, { migrate: false });
    const { index, version } = await buildWholeIndex(store, { bm25: input.bm25, scratchDir: dirname(input.file) });
    await writeSnapshot(input.file, index.capture(), version, input.database);
    index.close();
    return { result: { version, papers: index.liveCount } };
  } catch (error) {
    const { message, code } = error as { message?: string; code?: string };
    return { error: { message: message ?? String(error), ...(code === undefined ? {} : { code }) } };
  } finally {
    await store?.close();
  }
}
