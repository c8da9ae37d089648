/**
 * What a saved filter asks for, checked and normalised from untrusted input (the API's JSON,
 * a form, an export from another hub). Words, "phrases", -exclusions and author:"…" are the
 * search box's language (src/search/query-parser.ts), so a search saved as a filter keeps its
 * meaning; categories are a list in which `-cs.SD` leaves a category out.
 */
import { isArxivCategory } from '../core/categories.ts';
import { Refusal } from '../core/refusal.ts';
import { MAX_CATEGORY_LENGTH, MAX_QUERY_LENGTH } from '../core/search-query.ts';
import { parseQuery } from '../search/index.ts';

/** `feed`: papers on the daily feed; `archive`: every paper the hub holds. */
export type FilterScope = 'feed' | 'archive';

export interface FilterSpec {
  /** Search-box text: words (any of them), "phrases" and author:"…" (all of them), -exclusions. */
  query: string;
  /** arXiv categories or archives the paper must be in (any); empty: every category. */
  categories: string[];
  /** Categories that leave a paper out, whatever else it is in. */
  excludedCategories: string[];
  /** Only papers with (true) or without (false) a code repository; null: either. */
  hasCode: boolean | null;
  minUpvotes: number;
  scope: FilterScope;
}

export const MAX_FILTER_CATEGORIES = 20;
export const MAX_MIN_UPVOTES = 100_000;

/** The fields as a caller may send them: categories in one list, `-` before those left out. */
export interface FilterInput {
  query?: unknown;
  categories?: unknown;
  hasCode?: unknown;
  minUpvotes?: unknown;
  scope?: unknown;
}

const invalid = (message: string) => new Refusal('invalid', message);

export function validateFilterSpec(input: FilterInput): FilterSpec {
  const query = input.query ?? '';
  if (typeof query !== 'string') throw invalid('query must be text: words, "phrases", -exclusions, author:"Name"');
  const text = query.replace(/\s+/g, ' ').trim();
  if ([...text].length > MAX_QUERY_LENGTH) throw invalid(`query must be at most ${MAX_QUERY_LENGTH} characters`);
  if (parseQuery(text).arxivId) throw invalid('query names one paper by its arXiv id: a filter needs words, not an id');
  checkExclusions(text);

  const { categories, excludedCategories } = categoriesOf(input.categories ?? []);
  const hasCode = input.hasCode ?? null;
  if (hasCode !== null && typeof hasCode !== 'boolean') throw invalid('hasCode must be true, false or null');
  const minUpvotes = numberOf(input.minUpvotes ?? 0);
  const scope = input.scope ?? 'feed';
  if (scope !== 'feed' && scope !== 'archive')
    throw invalid('scope must be feed (papers on the daily feed) or archive (every paper)');
  const spec: FilterSpec = { query: text, categories, excludedCategories, hasCode, minUpvotes, scope };
  if (scope === 'archive' && text === '' && categories.length === 0 && hasCode === null && minUpvotes === 0)
    throw invalid('a filter of the whole archive needs words, authors, categories, has code or a minimum of upvotes');
  return spec;
}

/** A `-` with nothing after it, or only more dashes, excludes nothing: the member meant something else. */
function checkExclusions(text: string): void {
  for (const piece of text.split(' ')) {
    if (/^-+$/.test(piece) || piece === '-""')
      throw invalid(`“${piece}” excludes nothing: write -word or -"a phrase" with no space after the dash`);
  }
}

function categoriesOf(value: unknown): Pick<FilterSpec, 'categories' | 'excludedCategories'> {
  const list = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string'))
    throw invalid('categories must be a list of arXiv categories such as cs.CL, with -cs.SD to leave one out');
  if (list.length > MAX_FILTER_CATEGORIES) throw invalid(`at most ${MAX_FILTER_CATEGORIES} categories`);
  const categories: string[] = [];
  const excludedCategories: string[] = [];
  for (const raw of list as string[]) {
    const item = raw.trim();
    const excluded = item.startsWith('-');
    const name = excluded ? item.slice(1).trim() : item;
    if (name.length === 0 || name.length > MAX_CATEGORY_LENGTH || !isArxivCategory(name))
      throw invalid(
        `“${item.slice(0, 50)}” is not an arXiv category: write cs.CL, a whole archive such as cs, or -cs.SD to leave one out`,
      );
    const into = excluded ? excludedCategories : categories;
    if (!into.includes(name)) into.push(name);
  }
  const both = categories.find((c) => excludedCategories.includes(c));
  if (both) throw invalid(`${both} is both asked for and left out`);
  return { categories, excludedCategories };
}

function numberOf(value: unknown): number {
  // A form sends text: digits are a number, anything else is refused in words.
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > MAX_MIN_UPVOTES)
    throw invalid(`minUpvotes must be a whole number from 0 to ${MAX_MIN_UPVOTES}`);
  return number;
}

/** The categories as one list again, exclusions with their dash: the API's and the form's shape. */
export function categoryList(spec: Pick<FilterSpec, 'categories' | 'excludedCategories'>): string[] {
  return [...spec.categories, ...spec.excludedCategories.map((c) => `-${c}`)];
}

/** The filter in words, for its page, its feeds and its digest. */
export function describeFilter(spec: FilterSpec): string {
  const parsed = parseQuery(spec.query);
  const parts: string[] = [spec.scope === 'feed' ? 'Papers on the daily feed' : 'Papers in the whole archive'];
  const quoted = (items: string[]) => items.map((w) => `“${w}”`).join(', ');
  if (parsed.words.length > 0) parts.push(`mentioning any of ${quoted(parsed.words)}`);
  if (parsed.phrases.length > 0) parts.push(`containing ${quoted(parsed.phrases)}`);
  if (parsed.authors.length > 0) parts.push(`by ${quoted(parsed.authors)}`);
  if (spec.categories.length > 0) parts.push(`in ${spec.categories.join(' or ')}`);
  const without = [...parsed.excludedWords, ...parsed.excludedPhrases];
  if (without.length > 0) parts.push(`without ${quoted(without)}`);
  if (spec.excludedCategories.length > 0) parts.push(`not in ${spec.excludedCategories.join(' or ')}`);
  if (spec.hasCode !== null) parts.push(spec.hasCode ? 'with code' : 'without code');
  if (spec.minUpvotes > 0) parts.push(`with at least ${spec.minUpvotes} upvote${spec.minUpvotes === 1 ? '' : 's'}`);
  return `${parts.join(', ')}.`;
}
