import { createReadStream, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import { importPapers } from '../ingest/import-papers.ts';
import { emptyFeedTally } from '../ingest/save-papers.ts';
import { recomputeTrending } from '../rank/trending.ts';
import { type FormatOption, FormatDetectionError, openImportStream } from '../ingest/parsers/detect.ts';
import { CommandError, type GlobalOptions, openContext } from './context.ts';
import { feedReport } from './feed-report.ts';
import { createProgress } from './progress.ts';

/**
 * `dailypapers import <file|->`: streams a file into the store. Exit status 0 when every
 * record was taken, 1 when some were rejected (each is listed on stderr), 2 when the file
 * could not be read at all.
 */
export async function importCommand(
  file: string,
  options: { format: string; feed?: boolean },
  global: GlobalOptions,
): Promise<number> {
  const size = file === '-' ? null : fileSize(file);
  const context = await openContext(global);
  const started = performance.now();
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const input = file === '-' ? process.stdin : createReadStream(file);
  input.on('error', (error: Error) => counter.destroy(error));
  input.pipe(counter);
  const progress = createProgress('import', size);
  try {
    const { format, items } = await openImportStream(counter, options.format as FormatOption).catch((error: unknown) => {
      if (error instanceof FormatDetectionError) throw new CommandError(`${file}: ${error.message}`);
      throw error;
    });
    const unit = format === 'atom' || format === 'oai-pmh' ? 'record' : 'line';
    let seen = 0;
    const tally = emptyFeedTally();
    // --feed: every paper on the feed of its own day, as a rule covering every category would.
    const feedCategories = options.feed ? ['*'] : context.config.feedCategories;
    const summary = await importPapers(context.store, items, {
      feedCategories,
      tally,
      onRejected: ({ at, reason }) => process.stderr.write(`rejected ${unit} ${at}: ${reason}\n`),
      onProgress: (s) => {
        seen = s.imported + s.updated + s.unchanged;
        const rate = Math.round(seen / ((performance.now() - started) / 1000));
        progress.update(bytes, `${seen.toLocaleString('en')} papers, ${s.rejected} rejected, ${rate.toLocaleString('en')}/s`);
      },
    });
    progress.stop();
    // The imported source upvotes and feed places are ranked before anyone looks.
    await recomputeTrending(context.store, context.config.trending, new Date());
    const total = summary.imported + summary.updated + summary.unchanged;
    if (total === 0 && summary.rejected === 0) {
      process.stderr.write(`rejected: ${file === '-' ? 'standard input' : file} holds no records (empty input)\n`);
      return 1;
    }
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `imported ${summary.imported}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected}` +
        ` (${format}, ${seconds.toFixed(1)} s, ${Math.round(total / seconds)} papers/s)\n` +
        feedReport(tally, feedCategories),
    );
    return summary.rejected > 0 ? 1 : 0;
  } finally {
    progress.stop();
    await context.store.close();
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch (error) {
    throw new CommandError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
