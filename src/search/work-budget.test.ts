import { describe, expect, it } from 'vitest';
import { WorkSlices } from './work-budget.ts';

describe('WorkSlices', () => {
  it('lets other callbacks run only once its slice is used up', async () => {
    let ran = false;
    setImmediate(() => (ran = true));
    await new WorkSlices(60_000).pause();
    expect(ran).toBe(false);
    const used = new WorkSlices(0);
    await used.pause();
    expect(ran).toBe(true);
  });
});
