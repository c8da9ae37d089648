/**
 * The searchable archive: harvests arXiv's configured categories, reaching back to ARXIV_SINCE
 * (or the last FIRST_FILL_DAYS days) on the first run and continuing from the harvest
 * cursor after that, so a restart neither starts over nor leaves a gap.
 */
import { FIRST_FILL_DAYS } from '../config/config.ts';
import { addDays } from '../core/dates.ts';
import type { PoliteHttpClient } from './http-client.ts';
import { ingestArxiv, type LiveIngestionOptions } from './live-ingestion.ts';
import { readSourceStatus, updateSourceStatus } from './source-status.ts';

export async function harvestArchive(
  options: LiveIngestionOptions & { today: string; client?: PoliteHttpClient },
): Promise<Awaited<ReturnType<typeof ingestArxiv>>> {
  const { config, store, today } = options;
  const since = config.arxivSince ?? addDays(today, -FIRST_FILL_DAYS);
  const reached = (await readSourceStatus(store, 'arxiv')).from;
  // Noted before harvesting: a run interrupted while reaching further back resumes from its cursor.
  if (reached === null || since < reached) await updateSourceStatus(store, 'arxiv', () => ({ from: since }));
  return ingestArxiv({
    ...options,
    categories: config.arxivCategories,
    // Only ARXIV_SINCE moved earlier than what is harvested reharvests; otherwise the cursor decides.
    ...(reached !== null && since < reached ? { from: since } : {}),
    lookbackDays: Math.round((Date.parse(today) - Date.parse(since)) / 86_400_000),
    onPage: async (papers) => {
      await updateSourceStatus(store, 'arxiv', (status) => ({ papers: status.papers + papers }));
    },
  });
}
