import { describe, expect, it } from 'vitest';
import { OneAtATime } from './one-at-a-time.ts';
import { nextTurn } from './work-budget.ts';

describe('OneAtATime', () => {
  it('runs work one at a time, in arrival order, and passes on after a failure', async () => {
    const lane = new OneAtATime();
    const events: string[] = [];
    let inside = 0;
    let most = 0;
    const work = (name: string, fail = false) =>
      lane.run(async () => {
        inside++;
        most = Math.max(most, inside);
        events.push(`start ${name}`);
        await nextTurn();
        await nextTurn();
        events.push(`end ${name}`);
        inside--;
        if (fail) throw new Error(`${name} failed`);
        return name;
      });
    const results = await Promise.allSettled([work('a'), work('b', true), work('c')]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'a',
      'b failed',
      'c',
    ]);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(most).toBe(1);
    expect(lane.running).toBe(false);
    expect(lane.queued).toBe(0);
  });
});
