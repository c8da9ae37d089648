import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Paper } from '../core/paper.ts';
import type { Store } from '../db/connect.ts';
import { type Claim, claimDueRetries, claimUnsentBatch, reclaimAbandonedSends, settleSend } from '../store/digests.ts';
import { type Frequency, noteDelivered, notePermanentFailure } from '../store/subscriptions.ts';
import { buildDigestMessage, type DigestContent } from './digest-message.ts';
import { manageUrl, unsubscribeUrl } from './links.ts';
import { classifyMailError, type Mailer } from './transport.ts';

export interface DigestDeliveryOptions {
  store: Store;
  mailer: Mailer;
  config: Pick<Config, 'baseUrl' | 'secret'>;
  logger: Pick<Logger, 'warn'>;
  period: { key: string; frequency: Frequency };
  /** The run's lease holder: its claims carry this name, so a later run can tell them from its own. */
  holder: string;
  /** Delay before the first retry of a temporary failure; it doubles with each attempt. */
  retryBaseMs: number;
  /** Attempts, the first included, before a temporary failure is given up as final. */
  maxAttempts: number;
  now(): number;
}

/** What became of one claimed send. */
export type DeliveryOutcome = 'sent' | 'empty' | 'retry' | 'failed';

/**
 * One period's digest delivered exactly once per subscriber: a subscriber is claimed (the send
 * record inserted) before the mail goes out and the claim is settled after; temporary SMTP
 * failures become retries with backoff, permanent ones count towards marking the address
 * undeliverable, and a delivery clears that count.
 */
export function digestDelivery(options: DigestDeliveryOptions) {
  const { store, config, period, holder } = options;
  const now = () => new Date(options.now());
  const host = new URL(config.baseUrl).hostname;
  return {
    /** Claims left `sending` by a run that died are made due retries; returns how many. */
    resumeAbandoned: (): Promise<number> => reclaimAbandonedSends(store, period.key, holder, now()),
    /** Claims the next subscribers (by id, after `afterId`) who have no send record for the period. */
    claimUnsent: (afterId: number, limit: number) =>
      claimUnsentBatch(store, { period: period.key, frequency: period.frequency, holder, afterId, limit, now: now() }),
    claimDueRetries: (limit: number): Promise<Claim[]> =>
      claimDueRetries(store, { period: period.key, holder, limit, now: now() }),

    /** Sends a claimed subscriber their digest (or settles it empty when nothing matched) and settles the claim. */
    async deliver(
      { subscription: s, attempts }: Claim,
      digest: { heading: string; papers: Paper[]; forYou?: DigestContent['forYou'] },
    ): Promise<DeliveryOutcome> {
      const key = { subscriptionId: s.id, period: period.key, holder };
      if (digest.papers.length === 0) {
        await settleSend(store, key, { status: 'empty' });
        return 'empty';
      }
      const message = buildDigestMessage(s.email, {
        ...digest,
        baseUrl: config.baseUrl,
        unsubscribeUrl: unsubscribeUrl(config.baseUrl, config.secret, s),
        // A saved filter's digest is managed on the filter's page, with the member's login.
        manageUrl: s.filterId === null ? manageUrl(config.baseUrl, config.secret, s) : `${config.baseUrl}/filters/${s.filterId}`,
      });
      let messageId: string;
      try {
        ({ messageId } = await options.mailer.send({
          ...message,
          messageId: `<${period.key.replace(':', '.')}.${s.id}@${host}>`,
        }));
      } catch (error) {
        const failure = failureOutcome(error, attempts, options, options.now());
        await settleSend(store, key, failure);
        if (failure.status === 'retry') {
          options.logger.warn(
            { to: s.email, attempts, nextAttemptAt: failure.nextAttemptAt, err: failure.error },
            'digest delivery failed for now; will retry',
          );
          return 'retry';
        }
        if (classifyMailError(error) === 'permanent') await notePermanentFailure(store, s.id);
        return 'failed';
      }
      // Outside the try: a database error here must not be taken for a failed send and retried.
      await settleSend(store, key, { status: 'sent', messageId, at: now() });
      if (s.permanentFailures > 0) await noteDelivered(store, s.id);
      return 'sent';
    },
  };
}

/** A permanent failure is final; a temporary one is retried later, doubling the wait, until attempts run out. */
function failureOutcome(
  error: unknown,
  attempts: number,
  limits: { retryBaseMs: number; maxAttempts: number },
  now: number,
): { status: 'failed'; error: string } | { status: 'retry'; error: string; nextAttemptAt: Date } {
  const reason = (error as Error).message;
  if (classifyMailError(error) === 'permanent') return { status: 'failed', error: reason };
  if (attempts >= limits.maxAttempts)
    return { status: 'failed', error: `gave up after ${attempts} temporary failures: ${reason}` };
  return { status: 'retry', error: reason, nextAttemptAt: new Date(now + limits.retryBaseMs * 2 ** (attempts - 1)) };
}
