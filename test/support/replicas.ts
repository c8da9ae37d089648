/**
 * Replicas of `dailypapers serve` on one database behind Debian's HAProxy, run with
 * deploy/haproxy.cfg itself (its addresses come from the environment): the replica test and
 * `npm run bench:replicas` share this set-up.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliResult, startCli } from './cli.ts';
import { freePort } from './net.ts';

export const HAPROXY = '/usr/sbin/haproxy';
export const haproxyInstalled = existsSync(HAPROXY);
const HAPROXY_CONFIG = join(import.meta.dirname, '..', '..', 'deploy', 'haproxy.cfg');

export interface Replica {
  port: number;
  url: string;
  dataDir: string;
  child: ChildProcess;
  result: Promise<CliResult>;
  /** Its log so far, one JSON object a line (read while it runs). */
  log: string[];
}

/** Starts `serve` on its port and data folder (a restart passes the same ones) and waits until `/readyz` says 200. */
export async function startReplica(env: Record<string, string>, place?: { port: number; dataDir: string }): Promise<Replica> {
  const port = place?.port ?? (await freePort());
  const dataDir = place?.dataDir ?? mkdtempSync(join(tmpdir(), 'dp-replica-'));
  const { child, result } = startCli(['serve'], { ...env, PORT: String(port), DATA_DIR: dataDir });
  const log: string[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    log.push(...lines);
  });
  const replica = { port, url: `http://127.0.0.1:${port}`, dataDir, child, result, log };
  try {
    await waitReady(replica.url, result);
  } catch (error) {
    // Never left running when it did not become ready in time.
    child.kill('SIGKILL');
    throw error;
  }
  return replica;
}

/** Waits for `/readyz` to answer 200; fails at once with the command's output if it exits first. */
export async function waitReady(url: string, exited?: Promise<CliResult>, withinMs = 300_000): Promise<void> {
  let gone: CliResult | null = null;
  void exited?.then((result) => (gone = result));
  for (const deadline = Date.now() + withinMs; Date.now() < deadline;) {
    if (gone) throw new Error(`serve exited (${(gone as CliResult).code}) before it was ready: ${(gone as CliResult).stderr}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}/readyz never answered 200`);
}

/** Stops a replica by its own handle and resolves with how it exited. */
export function stopReplica(replica: Replica, signal: NodeJS.Signals = 'SIGTERM'): Promise<CliResult> {
  if (replica.child.exitCode === null && replica.child.signalCode === null) replica.child.kill(signal);
  return replica.result;
}

export interface Balancer {
  url: string;
  stop(): Promise<void>;
}

/** HAProxy in the foreground (`-db`) with deploy/haproxy.cfg, in front of the given ports; resolves once it answers. */
export async function startBalancer(ports: number[]): Promise<Balancer> {
  const port = await freePort();
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', DP_LISTEN: `127.0.0.1:${port}` };
  ports.forEach((replicaPort, i) => (env[`DP_REPLICA_${i + 1}`] = `127.0.0.1:${replicaPort}`));
  const child = spawn(HAPROXY, ['-db', '-f', HAPROXY_CONFIG], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  // Up once every replica passed its health checks (rise 2): a request reaches each in turn.
  await waitReady(
    url,
    exited.then(() => ({ code: child.exitCode ?? 1, stdout: '', stderr })),
  );
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Milliseconds until `seen` holds on every one of `replicas`, asking each every 20 ms (a write
 * made through another); throws past `limitMs`.
 */
export async function convergence(
  replicas: Replica[],
  seen: (replica: Replica) => Promise<boolean>,
  limitMs = 1_000,
): Promise<number> {
  const started = performance.now();
  await Promise.all(
    replicas.map(async (replica) => {
      while (!(await seen(replica))) {
        if (performance.now() - started > limitMs)
          throw new Error(`the replica on port ${replica.port} did not see the write within ${limitMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }),
  );
  return performance.now() - started;
}

/**
 * Four writers post `total` comments on `paperId` through the balancer while `victim` is killed
 * with SIGKILL after the `killAfter`-th: what was sent, and the ids of the comments the hub acknowledged.
 */
export async function commentBurstWithKill(options: {
  balancer: Balancer;
  token: string;
  paperId: string;
  victim: Replica;
  total: number;
  killAfter: number;
}): Promise<{ sent: number; acknowledged: number[] }> {
  const { balancer, token, paperId, victim, total, killAfter } = options;
  const acknowledged: number[] = [];
  let sent = 0;
  const writer = async () => {
    while (sent < total) {
      const n = sent++;
      const response = await fetch(`${balancer.url}/api/papers/${paperId}/comments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: `burst ${n}` }),
      }).catch(() => null);
      if (response?.status === 201) acknowledged.push(((await response.json()) as { id: number }).id);
      if (n === killAfter) victim.child.kill('SIGKILL');
    }
  };
  await Promise.all([writer(), writer(), writer(), writer()]);
  await victim.result;
  return { sent, acknowledged };
}
