import { applyFeedRule } from '../ingest/apply-feed-rule.ts';
import { recomputeTrending } from '../rank/trending.ts';
import { CommandError, type GlobalOptions, openContext } from './context.ts';
import { feedReport } from './feed-report.ts';

/** `dailypapers feed apply-rule`: the feed rule over the whole archive, with where the papers went. */
export async function feedApplyRuleCommand(global: GlobalOptions): Promise<number> {
  const { config, store } = await openContext(global);
  try {
    if (config.feedCategories.length === 0)
      throw new CommandError(
        'FEED_CATEGORIES is unset: set it to the categories whose papers belong on the feeds, e.g. FEED_CATEGORIES=cs.CL,cs.LG (or * for all)',
      );
    const tally = await applyFeedRule(store, config.feedCategories, new Date());
    await recomputeTrending(store, config.trending, new Date());
    process.stdout.write(feedReport(tally, config.feedCategories) || 'feed: every paper was on the feed already\n');
    return 0;
  } finally {
    await store.close();
  }
}
