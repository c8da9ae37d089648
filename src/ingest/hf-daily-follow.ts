/**
 * Keeps the daily feed following Hugging Face's daily papers: a first run backfills the last
 * `backfillDays` days, newest first so the feed fills from today; later runs fetch the days
 * that began since and refetch the last `refreshDays` days, whose picks and upvotes still move.
 * The days fetched are kept as one range without gaps, so an interrupted backfill resumes.
 */
import { addDays } from '../core/dates.ts';
import type { PoliteHttpClient } from './http-client.ts';
import { ingestHf, type LiveIngestionOptions } from './live-ingestion.ts';
import { readSourceStatus, type SourceStatus, updateSourceStatus } from './source-status.ts';

export interface HfDay {
  day: string;
  /** How fetching it changes the range of days fetched. */
  extends: 'from' | 'to' | 'both' | 'none';
}

/** The days one run fetches, in order, given what is fetched already. */
export function hfDaysToFetch(
  fetched: Pick<SourceStatus, 'from' | 'to'>,
  today: string,
  { backfillDays, refreshDays }: { backfillDays: number; refreshDays: number },
): HfDay[] {
  const oldest = addDays(today, 1 - backfillDays);
  const descending = (from: string, to: string, extend: HfDay['extends']): HfDay[] => {
    const days: HfDay[] = [];
    for (let day = to; day >= from; day = addDays(day, -1)) days.push({ day, extends: extend });
    return days;
  };
  // Nothing fetched, or all of it has left the window (the hub was off for weeks): start over.
  if (fetched.from === null || fetched.to === null || fetched.to < addDays(oldest, -1)) {
    const [first, ...rest] = descending(oldest, today, 'from');
    return [{ ...first!, extends: 'both' }, ...rest];
  }
  const newDays = descending(addDays(fetched.to, 1), today, 'to').reverse();
  const refreshFrom = [addDays(today, 1 - refreshDays), fetched.from, oldest].reduce((a, b) => (a > b ? a : b));
  const refresh = descending(refreshFrom, fetched.to < today ? fetched.to : today, 'none');
  const backfill = descending(oldest, addDays(fetched.from, -1), 'from');
  return [...newDays, ...refresh, ...backfill];
}

/** Days fetched without a gap: what "12 days so far" counts. */
export function daysFetched(status: Pick<SourceStatus, 'from' | 'to'>): number {
  if (status.from === null || status.to === null) return 0;
  return Math.round((Date.parse(status.to) - Date.parse(status.from)) / 86_400_000) + 1;
}

export interface FollowHfDailyOptions extends LiveIngestionOptions {
  client: PoliteHttpClient;
  today: string;
  backfillDays: number;
  refreshDays: number;
}

/** One run: fetches the due days, storing each and noting it in the source status before the next. */
export async function followHfDaily(options: FollowHfDailyOptions): Promise<{ days: number; papers: number }> {
  const { store, logger, today } = options;
  const plan = hfDaysToFetch(await readSourceStatus(store, 'hf-daily'), today, options);
  let papers = 0;
  for (const { day, extends: extend } of plan) {
    const summary = await ingestHf({ ...options, date: day });
    const delivered = summary.imported + summary.updated + summary.unchanged;
    papers += delivered;
    await updateSourceStatus(store, 'hf-daily', (status) => ({
      papers: status.papers + delivered,
      ...(extend === 'both' ? { from: day, to: day } : extend === 'from' ? { from: day } : extend === 'to' ? { to: day } : {}),
    }));
    logger.info({ day, ...summary }, 'hugging face daily papers fetched');
  }
  return { days: plan.length, papers };
}
