import { formatDay, parseDay } from '../core/dates.ts';
import { ingestArxiv, ingestHf } from '../ingest/live-ingestion.ts';
import { recomputeTrending } from '../rank/trending.ts';
import { CommandError, type GlobalOptions, openContext } from './context.ts';

/** `dailypapers ingest arxiv`: an incremental OAI-PMH harvest of the configured categories. */
export async function ingestArxivCommand(
  options: { categories?: string; from?: string; until?: string },
  global: GlobalOptions,
): Promise<number> {
  const from = options.from === undefined ? undefined : dayOption('--from', options.from);
  const until = options.until === undefined ? undefined : dayOption('--until', options.until);
  const context = await openContext(global, { ARXIV_CATEGORIES: options.categories });
  try {
    const categories = context.config.arxivCategories;
    if (categories.length === 0) throw new CommandError('no categories: pass --categories cs.CL,cs.LG or set ARXIV_CATEGORIES');
    const { harvest, saved } = await ingestArxiv({
      ...context,
      categories,
      ...(from ? { from } : {}),
      ...(until ? { until } : {}),
    });
    await recomputeTrending(context.store, context.config.trending, new Date());
    process.stdout.write(
      `harvested ${harvest.records} records in ${harvest.pages} pages from ${harvest.sets.map((s) => s.set).join(', ')}: ` +
        `imported ${saved.imported}, updated ${saved.updated}, unchanged ${saved.unchanged}, rejected ${saved.rejected}, ` +
        `outside the categories ${harvest.skipped}\n`,
    );
    return saved.rejected > 0 ? 1 : 0;
  } finally {
    await context.store.close();
  }
}

/** `dailypapers ingest hf`: one day of Hugging Face's daily papers. */
export async function ingestHfCommand(options: { date?: string }, global: GlobalOptions): Promise<number> {
  const date = options.date === undefined ? formatDay(new Date()) : dayOption('--date', options.date);
  const context = await openContext(global);
  try {
    const summary = await ingestHf({ ...context, date });
    await recomputeTrending(context.store, context.config.trending, new Date());
    process.stdout.write(
      `hf ${date}: imported ${summary.imported}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected}\n`,
    );
    return summary.rejected > 0 ? 1 : 0;
  } finally {
    await context.store.close();
  }
}

function dayOption(flag: string, value: string): string {
  const day = parseDay(value);
  if (!day) throw new CommandError(`${flag} "${value}" is not a calendar day (YYYY-MM-DD)`);
  return day;
}
