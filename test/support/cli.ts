import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
const OFFLINE = { LOG_LEVEL: 'warn', HF_DAILY: 'off', ARXIV_CATEGORIES: 'none', DATA_DIR: scratchDataDir() };

/**
 * DATA_DIR for commands whose test names none (a PostgreSQL store keeps its secret and index
 * snapshot there): one folder per test process, removed at its exit, never the checkout's ./data,
 * which `npm start` would then find holding another database's snapshot.
 */
function scratchDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dp-cli-data-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

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

/** The messages of a command's JSON log lines (pino writes one object a line). */
export function logMessages(output: string): string[] {
  return output
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
}
