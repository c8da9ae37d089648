/**
 * A lane that runs one piece of work at a time, the rest waiting in arrival order. Expensive
 * searches go through one per server (SearchIndex.expensiveSearches): however many are
 * admitted, only one spends CPU at any moment, in small slices, so the pages and cheap searches
 * running beside it are never behind more than one slice of one expensive search.
 */
export class OneAtATime {
  private busy = false;
  private readonly waiting: (() => void)[] = [];

  /** Work waiting for its turn (the one running not counted). */
  get queued(): number {
    return this.waiting.length;
  }

  get running(): boolean {
    return this.busy;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.busy = true;
    try {
      return await work();
    } finally {
      // The turn passes straight to the next in line, so none can slip in between.
      const next = this.waiting.shift();
      if (next) next();
      else this.busy = false;
    }
  }
}
