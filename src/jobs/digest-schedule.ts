import { Cron } from 'croner';
import { type DigestSchedule, WEEKDAYS } from '../config/config.ts';
import type { JobDeps } from './schedule.ts';
import type { Frequency } from '../store/subscriptions.ts';
import { runDigest } from './digest-run.ts';

/** Cron patterns (in the digest time zone): daily digests on weekdays, weekly on one day. */
export function digestCronPatterns(schedule: DigestSchedule): Record<Frequency, string> {
  return {
    daily: `0 ${schedule.hour} * * 1-5`,
    weekly: `0 ${schedule.hour} * * ${WEEKDAYS.indexOf(schedule.weekday)}`,
  };
}

/**
 * Sends the digests on their schedule. Every app process may schedule them: the period's
 * lease and the send records let exactly one send each copy.
 */
export function scheduleDigests(deps: JobDeps): { stop(): void } {
  const { config, logger } = deps;
  const patterns = digestCronPatterns(config.digest);
  const jobs = (Object.keys(patterns) as Frequency[]).map((frequency) => {
    const job = new Cron(patterns[frequency], { timezone: config.digest.timeZone, protect: true }, async () => {
      try {
        const report = await runDigest(deps, { frequency });
        logger.info(report, 'digest run done');
      } catch (error) {
        logger.error({ err: error, frequency }, 'digest run failed; running it again sends only what is still owed');
      }
    });
    logger.info(
      { frequency, schedule: patterns[frequency], timeZone: config.digest.timeZone, next: job.nextRun() },
      'digest scheduled',
    );
    return job;
  });
  return {
    stop() {
      for (const job of jobs) job.stop();
    },
  };
}
