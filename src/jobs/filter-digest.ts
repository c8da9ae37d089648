import type { DayRange } from '../core/dates.ts';
import type { Paper } from '../core/paper.ts';
import { filterById, filterPapers } from '../filters/index.ts';
import type { SearchIndex } from '../search/index.ts';

/**
 * A saved filter's digest for the period's days: its newest matches (what its page and feeds
 * show for those days), headed by its name. A filter deleted since the claim has no papers, so
 * its send is settled empty and no mail goes out.
 */
export async function filterDigest(
  searchIndex: SearchIndex,
  filterId: number,
  days: DayRange,
  heading: string,
  count: number,
): Promise<{ heading: string; papers: Paper[] }> {
  const filter = await filterById(searchIndex.store, filterId);
  if (!filter) return { heading, papers: [] };
  // A digest is sent once: it waits for every paper to be indexed rather than miss older ones.
  const { items } = await filterPapers(searchIndex, filter.spec, { days, offset: 0, limit: count }, { everyPaper: true });
  return { heading: `${filter.name} — ${heading}`, papers: items.map((item) => item.paper) };
}
