/** `/papers/feed.atom` and `/papers/feed.json`: the latest days of the daily list for feed readers. */
import type { FastifyInstance } from 'fastify';
import { dailyAtom } from '../../feeds/atom.ts';
import { JSON_FEED_TYPE, jsonFeed } from '../../feeds/json-feed.ts';
import type { FeedItem } from '../../core/paper.ts';
import { feedPage } from '../../store/feed.ts';
import { recentFeedDays } from '../../store/feed.ts';
import type { WebContext } from '../context.ts';
import type { Rendered } from '../response-cache.ts';

// A reader that polls daily sees every entry even if it misses a day or two.
const DAYS = 3;
const MAX_ENTRIES = 100;

export function registerAtomFeed(app: FastifyInstance, ctx: WebContext): void {
  app.get('/papers/feed.atom', (request, reply) =>
    ctx.cache.serve(request, reply, async () =>
      feedAnswer(
        'application/atom+xml; charset=utf-8',
        dailyAtom(await recentItems(ctx), { baseUrl: ctx.config.baseUrl, title: 'Daily Papers' }),
      ),
    ),
  );
  app.get('/papers/feed.json', (request, reply) =>
    ctx.cache.serve(request, reply, async () =>
      feedAnswer(
        JSON_FEED_TYPE,
        jsonFeed(await recentItems(ctx), {
          baseUrl: ctx.config.baseUrl,
          title: 'Daily Papers',
          feedUrl: `${ctx.config.baseUrl}/papers/feed.json`,
          homePageUrl: `${ctx.config.baseUrl}/papers`,
        }),
      ),
    ),
  );
}

function feedAnswer(type: string, body: string): Rendered {
  return { status: 200, type, body, headers: { 'cache-control': 'public, max-age=300' } };
}

async function recentItems(ctx: WebContext): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  // Newest day first; within a day, most upvoted first, as on the page.
  for (const day of await recentFeedDays(ctx.store, DAYS)) {
    if (items.length >= MAX_ENTRIES) break;
    const page = await feedPage(ctx.store, {
      range: { from: day, to: day },
      order: 'upvotes',
      offset: 0,
      limit: MAX_ENTRIES - items.length,
    });
    items.push(...page.items);
  }
  return items;
}
