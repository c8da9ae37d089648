/**
 * Holds calls until the test lets them through: a slow dependency whose slowness the test
 * decides exactly, so it can see what a request does while one is under way (no real sleeps).
 */
export class Gate {
  private readonly waiting: (() => void)[] = [];

  /** Calls `answer` once the gate opens for this call. */
  hold<T>(answer: () => T): Promise<T> {
    return new Promise((resolve) => this.waiting.push(() => resolve(answer())));
  }

  get pending(): number {
    return this.waiting.length;
  }

  releaseAll(): void {
    this.waiting.splice(0).forEach((release) => release());
  }

  /** Waits, a turn of the event loop at a time, until `count` calls are held. */
  async until(count: number): Promise<void> {
    while (this.waiting.length < count) await new Promise((resolve) => setImmediate(resolve));
  }
}
