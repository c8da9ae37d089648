import { anyCategoryMatches } from '../core/categories.ts';
import type { DayRange } from '../core/dates.ts';
import { MAX_LIMIT, type SearchIndex, searchPapers } from '../search/index.ts';
import { feedPage } from '../store/feed.ts';
import type { Paper } from '../core/paper.ts';

export interface DigestSelection {
  /** Only papers in these categories (`cs` = the whole archive); empty or absent = all. */
  categories?: string[];
  /** A saved search: its best matches published in the period, instead of the feed's top papers. */
  query?: string | null;
  count: number;
}

const PAGE = 100;
// Enough to fill a narrow category's digest from a busy week without scanning it all.
const MAX_SCANNED = 2000;

/**
 * The papers a digest carries: the period's top trending feed papers (unranked ones follow by
 * upvotes), or a saved search's best matches, optionally narrowed to categories. The one place that decides what "top" means.
 */
export async function digestPapers(searchIndex: SearchIndex, period: DayRange, selection: DigestSelection): Promise<Paper[]> {
  const { store } = searchIndex;
  const categories = selection.categories ?? [];
  if (selection.query) {
    const { items } = await searchPapers(searchIndex, { q: selection.query, limit: MAX_LIMIT, from: period.from, to: period.to });
    return items
      .map((hit) => hit.paper)
      .filter((paper) => categories.length === 0 || anyCategoryMatches(categories, paper.categories))
      .slice(0, selection.count);
  }
  const chosen: Paper[] = [];
  for (let offset = 0; chosen.length < selection.count && offset < MAX_SCANNED; offset += PAGE) {
    const { items } = await feedPage(store, { range: period, order: 'trending', offset, limit: PAGE });
    for (const { paper } of items) {
      if (chosen.length < selection.count && (categories.length === 0 || anyCategoryMatches(categories, paper.categories)))
        chosen.push(paper);
    }
    if (items.length < PAGE) break;
  }
  return chosen;
}
