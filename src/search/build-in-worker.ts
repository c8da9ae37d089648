import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

/** What the worker process sends back: its result, or why it has none. */
export type WorkerMessage = { result: WorkerBuildResult } | { error: { message: string; code?: string } };

/** A build under way in its own process; `stop()` ends it (a shutdown), rejecting `result`. */
export interface WorkerBuild {
  result: Promise<WorkerBuildResult>;
  stop(): Promise<void>;
}

/**
 * Builds the whole index of `input.target` in a child process and writes it to `input.file`.
 * A process, not a thread: the build's memory (1.5 GB at its peak at a million papers) goes back
 * to the system when it exits, where a thread's stayed in the serving process's allocator (a
 * server that had built its index cold kept 80–90 MB more than one started from a snapshot).
 * From the sources (no dist/ build) the child loads tsx by its path: a bare `--import tsx` would
 * be looked up from the working folder.
 */
export function buildInWorker(input: WorkerBuildInput): WorkerBuild {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(fromSources ? './build-worker.ts' : './build-worker.js', import.meta.url));
  const child = fork(entry, [], {
    execArgv: fromSources ? ['--import', tsxLoader()] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let stopped = false;
  const result = new Promise<WorkerBuildResult>((resolve, reject) => {
    let answer: WorkerMessage | null = null;
    child.on('message', (message: WorkerMessage) => (answer = message));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (answer && 'result' in answer) resolve(answer.result);
      else if (answer && !stopped) reject(Object.assign(new Error(answer.error.message), withCode(answer.error.code)));
      else
        reject(
          new Error(
            stopped
              ? 'the index build was stopped'
              : `the index build process ended (${signal ?? `exit code ${code}`}) without an index`,
          ),
        );
    });
  });
  child.send(input);
  return {
    result,
    async stop() {
      stopped = true;
      await ended(child);
    },
  };
}

async function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exit = once(child, 'exit');
  child.kill('SIGTERM');
  await exit;
}

function withCode(code: string | undefined): { code?: string } {
  return code === undefined ? {} : { code };
}

/** tsx's loader (what `--import tsx` loads), as a file URL, found through its package's exports. */
function tsxLoader(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, string> };
  return new URL(exports['.']!, pathToFileURL(manifest)).href;
}
