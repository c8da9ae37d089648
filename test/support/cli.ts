import { type ChildProcess, execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

// The sources, not bin/dailypapers.js: that runs dist/ when built, which may be older.
const ENTRY = join(import.meta.dirname, '..', '..', 'src', 'cli', 'run.ts');
/** How a test starts `dailypapers`: node's arguments before the command's own. */
export const CLI_ENTRY = ['--import', 'tsx', ENTRY];

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

// Vitest puts Vite's BASE_URL (and MODE, DEV…) into process.env; BASE_URL is ours to read.
const { BASE_URL: _viteBaseUrl, ...inherited } = process.env;

/**
 * What every command gets unless a test says otherwise: the live sources off, so no test
 * reaches the internet (a test of them points HF_API_URL and ARXIV_OAI_URL at local servers).
 */
const OFFLINE = { LOG_LEVEL: 'warn', HF_DAILY: 'off', ARXIV_CATEGORIES: 'none' };

/** Runs the real `dailypapers` command (from the sources) in a child process, as a user would. */
export function runCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliResult> {
  return startCli(args, env, input).result;
}

/** Starts the real command and hands back the child process, for tests that stop it halfway. */
export function startCli(
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): { child: ChildProcess; result: Promise<CliResult> } {
  let child!: ChildProcess;
  const result = new Promise<CliResult>((resolve) => {
    child = execFile(
      process.execPath,
      [...CLI_ENTRY, ...args],
      { env: { ...inherited, ...OFFLINE, ...env }, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin!.end(input);
  });
  return { child, result };
}

/** A port nothing listens on right now, for a `serve` under test. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once `serve` at `url` answers /healthz (it polls: the child process has no other signal); 30 s for a loaded machine. */
export async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} never became healthy`);
}
