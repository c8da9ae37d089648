import { createServer } from 'node:net';

/** A TCP port nothing listens on right now, for a server a test starts in a child process. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Waits until `url`/healthz answers 200 (a child process starting up; slow on a busy machine). */
export async function waitForHealth(url: string, withinMs = 30_000, path = '/healthz'): Promise<void> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline;) {
    try {
      if ((await fetch(`${url}${path}`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}${path} never answered 200`);
}

/** Waits until `url`/readyz answers 200: the store writes and search answers (its first index may take a moment). */
export function waitForReady(url: string, withinMs = 30_000): Promise<void> {
  return waitForHealth(url, withinMs, '/readyz');
}
