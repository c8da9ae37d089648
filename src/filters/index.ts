/**
 * Saved filters: a member's named filter over the feed or the archive, matched in one place
 * (filterPapers) for its page, feeds, digest and webhooks.
 */
export { filterPapers, type FilterPage, type FilterWindow } from './filter-papers.ts';
export {
  categoryList,
  describeFilter,
  type FilterInput,
  type FilterScope,
  type FilterSpec,
  validateFilterSpec,
} from './filter-spec.ts';
export {
  createFilter,
  editFilter,
  feedFilter,
  type Filter,
  filterById,
  type FilterFields,
  filtersOf,
  MAX_FILTER_NAME,
  MAX_FILTERS_PER_MEMBER,
  ownFilter,
  readableFilter,
  removeFilter,
  replaceFeedToken,
} from './filters.ts';
export { emailOf, filterEmail, type FilterEmail, setFilterEmail } from './filter-digest.ts';
export { exportFilters, type FilterExport, type FilterRestore, restoreFilters } from './filter-export.ts';
