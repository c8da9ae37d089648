import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DatabaseTarget } from '../config/config.ts';
import type { Bm25Params } from './bm25.ts';

export interface WorkerBuildInput {
  target: DatabaseTarget;
  /** Where the worker writes the index as a snapshot. */
  file: string;
  /** The database identity the snapshot carries. */
  database: string;
  bm25?: Bm25Params;
}

export interface WorkerBuildResult {
  /** The change-log version the snapshot holds. */
  version: number;
  papers: number;
}

/** A build under way on its own thread; `stop()` ends it (a shutdown), rejecting `result`. */
export interface WorkerBuild {
  result: Promise<WorkerBuildResult>;
  stop(): Promise<void>;
}

/**
 * Builds the whole index of `input.target` on a worker thread and writes it to `input.file`.
 * From the sources (no dist/ build) the thread registers tsx itself first: it inherits neither
 * the hooks bin/dailypapers.js registered in code nor, with tsx, those of `--import tsx`.
 */
export function buildInWorker(input: WorkerBuildInput): WorkerBuild {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSources ? './build-worker.ts' : './build-worker.js', import.meta.url);
  const worker = fromSources
    ? new Worker(throughTsx(entry), { eval: true, workerData: input })
    : new Worker(entry, { workerData: input });
  let stopped = false;
  const result = new Promise<WorkerBuildResult>((resolve, reject) => {
    let answer: WorkerBuildResult | null = null;
    worker.on('message', (message: WorkerBuildResult) => (answer = message));
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (answer) resolve(answer);
      else
        reject(
          new Error(
            stopped ? 'the index build was stopped' : `the index build thread ended (exit code ${code}) without an index`,
          ),
        );
    });
  });
  return {
    result,
    async stop() {
      stopped = true;
      await worker.terminate();
    },
  };
}

/**
 * Code that registers tsx's hooks, then imports `entry`. tsx's API is found through its package's
 * exports: a bare name would be looked up from the working folder, and `--import tsx` in the
 * worker's execArgv does not take (tsx issue 354).
 */
function throughTsx(entry: URL): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import: { default: string } }> };
  const api = new URL(exports['./esm/api']!.import.default, pathToFileURL(manifest)).href;
  return `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
}
