/**
 * Work a request starts but does not wait for: mails whose sending would otherwise tell, by
 * how long the answer took, whether an address has an account. Failures are logged, never
 * lost silently; closing the server waits for what is still running.
 */
import type { FastifyBaseLogger } from 'fastify';

export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly log: () => FastifyBaseLogger) {}

  /** Starts the task after the current answer has gone out. */
  run(what: string, task: () => Promise<unknown>): void {
    const done: Promise<void> = new Promise((resolve) => setImmediate(resolve))
      .then(task)
      .then(() => undefined)
      .catch((error: unknown) => this.log().error({ err: error }, `${what} failed`))
      .finally(() => this.running.delete(done));
    this.running.add(done);
  }

  /** Resolves when nothing started so far is still running. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
