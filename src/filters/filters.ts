/**
 * The rules of saved filters: a member has at most MAX_FILTERS_PER_MEMBER, each with a name of
 * their own; only the owner reads a private filter, except a feed reader holding its token.
 * Others' and unknown filters answer alike (not found), so ids reveal nothing.
 */
import { timingSafeEqual } from 'node:crypto';
import { Refusal } from '../core/refusal.ts';
import type { Store } from '../db/connect.ts';
import { lockMember } from '../store/accounts.ts';
import {
  countFilters,
  deleteFilter,
  filterById as storedFilterById,
  filtersOf as storedFiltersOf,
  insertFilter,
  newFeedToken,
  type SavedFilter,
  updateFilter,
} from '../store/filters.ts';
import { categoryList, type FilterInput, type FilterSpec, validateFilterSpec } from './filter-spec.ts';

export const MAX_FILTERS_PER_MEMBER = 50;
export const MAX_FILTER_NAME = 100;

export interface Filter extends Omit<SavedFilter, 'spec'> {
  spec: FilterSpec;
}

export interface FilterFields extends FilterInput {
  name?: unknown;
  public?: unknown;
}

type Member = { id: number };

const notFound = (id: number | string) => new Refusal('not-found', `No filter ${id}`);

/** Any filter by id, owner unchecked: for the webhook engine, which runs for the owner. */
export async function filterById(store: Store, id: number): Promise<Filter | null> {
  const stored = await storedFilterById(store, id);
  return stored && filterOf(stored);
}

export async function filtersOf(store: Store, member: Member): Promise<Filter[]> {
  return (await storedFiltersOf(store, member.id)).map(filterOf);
}

/** The member's own filter, or not found. */
export async function ownFilter(store: Store, member: Member, id: number): Promise<Filter> {
  const filter = await filterById(store, id);
  if (!filter || filter.userId !== member.id) throw notFound(id);
  return filter;
}

/** A filter's page: its owner's, or anyone's when public. */
export async function readableFilter(store: Store, viewer: Member | null, id: number): Promise<Filter> {
  const filter = await filterById(store, id);
  if (!filter || (!filter.public && filter.userId !== viewer?.id)) throw notFound(id);
  return filter;
}

/** A filter's feeds: public ones to anyone, private ones to a reader holding the current token. */
export async function feedFilter(store: Store, id: number, token: string | undefined): Promise<Filter> {
  const filter = await filterById(store, id);
  if (!filter) throw notFound(id);
  if (filter.public) return filter;
  const given = Buffer.from(token ?? '');
  const expected = Buffer.from(filter.feedToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw notFound(id);
  return filter;
}

export async function createFilter(store: Store, member: Member, fields: FilterFields, now: Date): Promise<Filter> {
  const name = nameOf(fields.name);
  const spec = validateFilterSpec(fields);
  const isPublic = publicOf(fields.public) ?? false;
  return store.db.transaction().execute(async (trx) => {
    await lockMember(store, trx, member.id);
    if ((await countFilters(trx, member.id)) >= MAX_FILTERS_PER_MEMBER)
      throw new Refusal('invalid', `you have ${MAX_FILTERS_PER_MEMBER} filters, the most a member may keep: delete one first`);
    const created = await insertFilter(trx, member.id, { name, spec, public: isPublic }, now);
    if (!created) throw new Refusal('invalid', `you already have a filter named “${name}”`);
    return filterOf(created);
  });
}

/** Changes the fields given; the spec's fields are checked together, the unchanged ones kept. */
export async function editFilter(store: Store, member: Member, id: number, fields: FilterFields, now: Date): Promise<Filter> {
  const current = await ownFilter(store, member, id);
  const specChanged = (['query', 'categories', 'hasCode', 'minUpvotes', 'scope'] as const).some((k) => fields[k] !== undefined);
  const spec = specChanged
    ? validateFilterSpec({ ...current.spec, categories: categoryList(current.spec), ...definedOnly(fields) })
    : undefined;
  const changed = await updateFilter(
    store,
    member.id,
    id,
    {
      ...(fields.name !== undefined ? { name: nameOf(fields.name) } : {}),
      ...(spec ? { spec } : {}),
      ...(fields.public !== undefined ? { public: publicOf(fields.public)! } : {}),
    },
    now,
  );
  if (changed === 'taken') throw new Refusal('invalid', `you already have a filter named “${nameOf(fields.name)}”`);
  if (!changed) throw notFound(id);
  return filterOf(changed);
}

/** A new feed token: every feed URL given out before stops working. */
export async function replaceFeedToken(store: Store, member: Member, id: number, now: Date): Promise<Filter> {
  await ownFilter(store, member, id);
  const changed = await updateFilter(store, member.id, id, { feedToken: newFeedToken() }, now);
  if (!changed || changed === 'taken') throw notFound(id);
  return filterOf(changed);
}

export async function removeFilter(store: Store, member: Member, id: number): Promise<void> {
  if (!(await deleteFilter(store, member.id, id))) throw notFound(id);
}

function nameOf(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new Refusal('invalid', 'a filter needs a name');
  const name = value.replace(/\s+/g, ' ').trim();
  if ([...name].length > MAX_FILTER_NAME)
    throw new Refusal('invalid', `a filter's name has at most ${MAX_FILTER_NAME} characters`);
  return name;
}

function publicOf(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new Refusal('invalid', 'public must be true or false');
  return value;
}

function definedOnly(fields: FilterFields): FilterInput {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as FilterInput;
}

/** A stored filter with its spec read back through the same checks (a spec is only ever stored checked). */
function filterOf(stored: SavedFilter): Filter {
  const spec = stored.spec as FilterSpec;
  return { ...stored, spec: validateFilterSpec({ ...spec, categories: categoryList(spec) }) };
}
