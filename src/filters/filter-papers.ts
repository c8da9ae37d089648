/**
 * The one place that decides which papers a saved filter matches, newest first: its page,
 * its API, its Atom and JSON feeds, its e-mail digest and its webhooks all read through it.
 *
 * The keyword index answers the text and the per-paper facts it holds (words, exclusions,
 * categories, code, publication day) for every paper at once; the store orders the papers
 * when the order or a condition is the database's (the feed's days, upvotes); phrases and
 * author names are then checked against the text of the papers a page shows, as search does.
 */
import { anyCategoryMatches } from '../core/categories.ts';
import type { DayRange } from '../core/dates.ts';
import type { ListedPaper, Paper } from '../core/paper.ts';
import type { SearchIndex } from '../search/index.ts';
import type { KeywordIndex } from '../search/keyword-index.ts';
import { needsTextCheck, planQuery, type QueryPlan, textCheck } from '../search/query-plan.ts';
import { parseQuery } from '../search/query-parser.ts';
import { dayNumber, withPossiblePhrases } from '../search/search.ts';
import { nextTurn } from '../search/work-budget.ts';
import { feedEntriesOf } from '../store/feed.ts';
import { orderedCandidateDocIds } from '../store/filters.ts';
import { visiblePapersByDocId } from '../store/search.ts';
import type { FilterSpec } from './filter-spec.ts';

export interface FilterWindow {
  /** Only papers that entered the feed (scope feed) or were published (scope archive) on these days. */
  days?: DayRange;
  offset: number;
  limit: number;
}

export interface FilterOptions {
  /** Wait for the index of every paper while the archive is first indexed (scheduled digests and webhooks). */
  everyPaper?: boolean;
}

export interface FilterPage {
  items: ListedPaper[];
  /** Papers that match: exact, except that papers past this page are not yet checked for phrases and authors. */
  total: number;
  /**
   * Matched among the newest papers only: the archive is still being indexed (SearchIndex.holdsNewestOnly).
   * Never with `everyPaper`, which waits for the whole archive.
   */
  indexing: boolean;
}

const BATCH = 200;

export async function filterPapers(
  search: SearchIndex,
  spec: FilterSpec,
  window: FilterWindow,
  options: FilterOptions = {},
): Promise<FilterPage> {
  const index = await (options.everyPaper ? search.everyPaper() : search.current());
  const plan = planQuery(parseQuery(spec.query));
  const archiveDays = spec.scope === 'archive' ? window.days : undefined;
  const matching = matchingSlots(index, spec, plan, archiveDays);
  await nextTurn();

  let ordered: number[];
  if (spec.scope === 'feed' || spec.minUpvotes > 0) {
    const candidates = await orderedCandidateDocIds(search.store, {
      onFeed: spec.scope === 'feed',
      range: spec.scope === 'feed' ? (window.days ?? null) : null,
      minUpvotes: spec.minUpvotes,
    });
    ordered = candidates.filter((docId) => {
      const slot = index.slotOf(docId);
      return slot !== undefined && matching(slot);
    });
  } else {
    const slots: number[] = [];
    for (let slot = 0; slot < index.slotCount; slot++) if (matching(slot)) slots.push(slot);
    slots.sort((a, b) => index.publishedMsOf(b) - index.publishedMsOf(a) || index.docIdOf(b) - index.docIdOf(a));
    ordered = slots.map((slot) => index.docIdOf(slot));
  }
  return { ...(await collect(search, ordered, plan, window)), indexing: search.holdsNewestOnly(index) };
}

/**
 * A test of index slots: alive, holding the query's words (any), phrase and author words (all),
 * none excluded, in an asked-for category and none left out, with or without code, and in the
 * archive's window of days. Papers without a positive word are tested one by one (every slot).
 */
function matchingSlots(index: KeywordIndex, spec: FilterSpec, plan: QueryPlan, days: DayRange | undefined) {
  const bounds = {
    excluded: plan.excluded,
    fromDay: days ? dayNumber(days.from) : undefined,
    toDay: days ? dayNumber(days.to) : undefined,
    hasCode: spec.hasCode ?? undefined,
  };
  const inCategories = (slot: number) => {
    const categories = index.categoriesOf(slot);
    return (
      (spec.categories.length === 0 || anyCategoryMatches(spec.categories, categories)) &&
      (spec.excludedCategories.length === 0 || !anyCategoryMatches(spec.excludedCategories, categories))
    );
  };
  if (!plan.searchable) {
    const admissible = index.admissible(bounds);
    return (slot: number) => admissible(slot) && inCategories(slot);
  }
  const matches = withPossiblePhrases(index, index.match({ scored: plan.scored, required: plan.required, ...bounds }), plan);
  const matched = new Set<number>();
  for (let i = 0; i < matches.count; i++) if (inCategories(matches.slots[i]!)) matched.add(matches.slots[i]!);
  return (slot: number) => matched.has(slot);
}

/** Reads the page's papers in order, checking phrases and author names where the plan has them. */
async function collect(
  search: SearchIndex,
  ordered: number[],
  plan: QueryPlan,
  window: FilterWindow,
): Promise<Omit<FilterPage, 'indexing'>> {
  const check = needsTextCheck(plan);
  const satisfiesText = textCheck(plan);
  const papers: Paper[] = [];
  let passed = 0;
  let rejected = 0;
  let examined = 0;
  while (papers.length < window.limit && examined < ordered.length) {
    // Without text checks the papers before the page need no reading.
    if (!check && passed < window.offset) {
      const skip = Math.min(window.offset - passed, ordered.length - examined);
      passed += skip;
      examined += skip;
      continue;
    }
    const batch = ordered.slice(examined, examined + BATCH);
    examined += batch.length;
    const rows = await visiblePapersByDocId(search.store, batch);
    for (const docId of batch) {
      const paper = rows.get(docId);
      if (!paper || (check && !satisfiesText(paper))) {
        rejected++;
        continue;
      }
      passed++;
      if (passed > window.offset && papers.length < window.limit) papers.push(paper);
    }
  }
  const total = examined === ordered.length ? passed : ordered.length - rejected;
  const entries = await feedEntriesOf(
    search.store,
    papers.map((p) => p.id),
  );
  return { items: papers.map((paper) => ({ paper, entry: entries.get(paper.id) ?? null })), total };
}
