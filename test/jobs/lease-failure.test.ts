/**
 * A scheduled job whose lease cannot be taken or released (the database gone) logs the failure
 * and resolves: the start-up trending recompute is not awaited, and its rejection, a connection
 * lost while it released its lease, once ended a serving process.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { runPurge } from '../../src/jobs/purge-schedule.ts';
import { recomputeTrendingUnderLease } from '../../src/jobs/trending-schedule.ts';
import { DIALECTS, openTestStore } from '../support/stores.ts';
import { testConfig } from '../web/fixtures.ts';

describe.each(DIALECTS)('scheduled jobs when their lease’s queries fail, on %s', (dialect) => {
  it('log the failure and resolve, for the trending recompute and the purge', async () => {
    const logged: { msg: string; err?: { message: string } }[] = [];
    const logger = pino(
      { level: 'error' },
      { write: (line: string) => logged.push(JSON.parse(line) as (typeof logged)[number]) },
    );
    const store = await openTestStore(dialect);
    await store.close();

    await expect(recomputeTrendingUnderLease({ config: testConfig(), store, logger }, 'holder')).resolves.toBeUndefined();
    await expect(runPurge({ store, logger }, 'holder', new Date())).resolves.toBeNull();
    expect(logged.map((line) => line.msg)).toEqual([
      'trending recompute failed; ranks stay as they were',
      'purge failed; the next hour tries again',
    ]);
    expect(logged.every((line) => line.err !== undefined)).toBe(true);
  });
});
