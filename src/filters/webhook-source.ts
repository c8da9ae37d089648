/**
 * The saved filters as the webhook engine's source of papers: a member's own filters only,
 * matched by the same filterPapers as the filter's page, feeds and digest.
 */
import type { SearchIndex } from '../search/index.ts';
import type { WebhookSource } from '../webhooks/source.ts';
import { filterPapers } from './filter-papers.ts';
import { filterById, filtersOf } from './filters.ts';

/** A webhook post names at most this many papers (the JSON format's own cap). */
const PAPERS_PER_POST = 100;

export function filterWebhookSource(search: SearchIndex, baseUrl: string): WebhookSource {
  const own = async (userId: number, filterId: number) => {
    const filter = await filterById(search.store, filterId);
    return filter && filter.userId === userId ? filter : null;
  };
  return {
    filtersOf: async (userId) => (await filtersOf(search.store, { id: userId })).map(({ id, name }) => ({ id, name })),
    describe: async (userId, filterId) => {
      const filter = await own(userId, filterId);
      return filter && { name: filter.name, url: `${baseUrl}/filters/${filter.id}` };
    },
    papersIn: async (userId, filterId, days) => {
      const filter = await own(userId, filterId);
      if (!filter) return [];
      // A post is sent once: it waits for every paper to be indexed rather than miss older ones.
      const page = await filterPapers(search, filter.spec, { days, offset: 0, limit: PAPERS_PER_POST }, { everyPaper: true });
      return page.items;
    },
  };
}
