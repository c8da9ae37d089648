import { Cron } from 'croner';
import type { Config } from '../config/config.ts';
import { processHolder } from '../leases/job-lease.ts';
import { enqueuePeriod, type SendReport, sendDue, type WebhookDeps } from '../webhooks/delivery.ts';
import type { WebhookFrequency } from '../store/webhooks.ts';
import { coveredDays } from './digest-run.ts';
import { digestPeriod } from './digest-period.ts';
import { digestCronPatterns } from './digest-schedule.ts';

export interface WebhookPeriodReport extends SendReport {
  period: string;
  enqueued: number;
  /** Webhooks whose filter matched nothing new: logged as such, nothing posted. */
  empty: number;
  disabled: number;
}

/**
 * One period's webhook posts: the period is the digest's (same days, same time zone), its
 * papers those of the feed days a digest of it covers. Enqueues what is owed (once, however
 * often or by however many processes this runs) and posts what is due.
 */
export async function runWebhookPeriod(
  deps: { webhooks: WebhookDeps; config: Pick<Config, 'digest'> },
  options: { frequency: WebhookFrequency; now: Date; holder?: string },
): Promise<WebhookPeriodReport> {
  const { webhooks, config } = deps;
  const period = digestPeriod(options.frequency, options.now, config.digest.timeZone);
  const days = (await coveredDays(webhooks.store, period)) ?? period.range;
  const queued = await enqueuePeriod(webhooks, { frequency: options.frequency, key: period.key, ...days }, options.now);
  const sent = await sendDue(webhooks, { holder: options.holder ?? processHolder(), now: () => new Date() });
  return { period: period.key, ...queued, ...sent };
}

/**
 * Webhooks on the digests' schedule, and every minute the retries that have fallen due. Every
 * app process may run them: the delivery rows let one post each attempt.
 */
export function scheduleWebhooks(deps: { webhooks: WebhookDeps; config: Config }): { stop(): void } {
  const { webhooks, config } = deps;
  const holder = processHolder();
  const logFailure = (error: unknown) =>
    webhooks.logger.warn({ err: error }, 'webhook run failed; the next run posts what is still owed');
  const patterns = digestCronPatterns(config.digest);
  const periods = (Object.keys(patterns) as WebhookFrequency[]).map(
    (frequency) =>
      new Cron(patterns[frequency], { timezone: config.digest.timeZone, protect: true }, async () => {
        try {
          webhooks.logger.info(await runWebhookPeriod(deps, { frequency, now: new Date(), holder }), 'webhook period done');
        } catch (error) {
          logFailure(error);
        }
      }),
  );
  const retries = new Cron('* * * * *', { timezone: 'UTC', protect: true }, async () => {
    try {
      await sendDue(webhooks, { holder, now: () => new Date() });
    } catch (error) {
      logFailure(error);
    }
  });
  return {
    stop() {
      for (const job of [...periods, retries]) job.stop();
    },
  };
}
