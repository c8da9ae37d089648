import { runDigest } from '../jobs/digest-run.ts';
import { buildMailParts } from './parts.ts';
import type { Frequency } from '../store/subscriptions.ts';
import { type GlobalOptions, openContext } from './context.ts';

/**
 * `dailypapers digest send`: sends the current period's digest to every confirmed subscriber
 * who has not had it. Safe to repeat and to run beside the service: only what is owed goes out.
 */
export async function digestSendCommand(
  options: { period: Frequency; dryRun?: boolean },
  global: GlobalOptions,
): Promise<number> {
  const { config, store, logger } = await openContext(global);
  const parts = await buildMailParts({ config, store, logger }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  try {
    const report = await runDigest(
      { store, config, logger, ...parts },
      { frequency: options.period, dryRun: options.dryRun ?? false },
    );
    const label = `${report.period} "${report.heading}"`;
    const line = {
      'no-papers': `${label}: the feed has no papers for this period; nothing sent`,
      locked: `${label}: another process is sending this digest; nothing done here`,
      'dry-run': `${label}: ${report.papers} papers; would send to ${report.unsent} subscribers (dry run, nothing sent)`,
      done: `${label}: ${report.papers} papers; sent ${report.sent}, failed ${report.failed}, no matching papers ${report.empty}`,
    }[report.outcome];
    process.stdout.write(`${line}\n`);
    return 0;
  } finally {
    // A saved search built the index: its snapshot is finished (or written) for the next run.
    await parts.searchIndex.close();
    parts.close();
    await store.close();
  }
}
