import type { TopicQuery, TopicTerm } from '../core/topic-query.ts';
import type { SearchIndex } from './index-sync.ts';
import type { KeywordIndex } from './keyword-index.ts';
import { planQuery } from './query-plan.ts';
import { parseQuery } from './query-parser.ts';
import { dayNumber, withPossiblePhrases } from './search.ts';
import { nextTurn } from './work-budget.ts';

const MS_PER_WEEK = 7 * 86_400_000;

/** One term's papers per week of the query, in the query's week order. */
export interface TopicSeries {
  term: TopicTerm;
  counts: number[];
  total: number;
}

export interface TopicCounts {
  series: TopicSeries[];
  /** Counted among the newest papers only: the archive is still being indexed (SearchIndex.holdsNewestOnly). */
  indexing: boolean;
}

/**
 * How many visible papers each term matches, per ISO week of publication. Words match as the
 * search box matches them (the same parser and keyword index; a phrase counts the papers
 * whose index positions hold its words in order, without reading their text), `cat:` terms
 * as the search's category filter does. Reads only the index (which holds no hidden
 * paper): a term costs one index match, as a search does, and other requests go between terms.
 */
export async function weeklyTopicCounts(search: SearchIndex, query: TopicQuery): Promise<TopicCounts> {
  const index = await search.current();
  const firstMonday = Date.parse(`${query.days.from}T00:00:00Z`);
  const filters = { fromDay: dayNumber(query.days.from), toDay: dayNumber(query.days.to) };
  const series: TopicSeries[] = [];
  for (const term of query.terms) {
    await nextTurn();
    const counts = new Array<number>(query.weeks.length).fill(0);
    let total = 0;
    for (const slot of matchingSlots(index, term, filters)) {
      const week = Math.floor((index.publishedMsOf(slot) - firstMonday) / MS_PER_WEEK);
      if (week < 0 || week >= counts.length) continue;
      counts[week]!++;
      total++;
    }
    series.push({ term, counts, total });
  }
  return { series, indexing: search.holdsNewestOnly(index) };
}

function matchingSlots(index: KeywordIndex, term: TopicTerm, filters: { fromDay: number; toDay: number }): Iterable<number> {
  if (term.kind === 'category') {
    const admit = index.admissible({ ...filters, category: term.category, excluded: [] });
    const slots: number[] = [];
    for (let slot = 0; slot < index.slotCount; slot++) if (admit(slot)) slots.push(slot);
    return slots;
  }
  const plan = planQuery(parseQuery(term.query));
  if (!plan.searchable) return [];
  const matches = withPossiblePhrases(
    index,
    index.match({ scored: plan.scored, required: plan.required, excluded: plan.excluded, ...filters }),
    plan,
  );
  return matches.slots.subarray(0, matches.count);
}
