/**
 * All SQL of saved filters: the filters themselves, the papers a filter's match is ordered
 * from, and each filter's one e-mail subscription (a `subscriptions` row with `filter_id`).
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { DayRange } from '../core/dates.ts';
import type { Store } from '../db/connect.ts';
import type { Database, SavedFiltersTable } from '../db/schema.ts';
import { SOURCE_RANK } from './feed.ts';
import { type Frequency, type Subscription, subscriptionFromRow } from './subscriptions.ts';

export interface SavedFilter {
  id: number;
  userId: number;
  name: string;
  /** The spec as stored: JSON the filters capability wrote (src/filters/filter-spec.ts). */
  spec: unknown;
  public: boolean;
  feedToken: string;
  createdAt: string;
  updatedAt: string;
}

export interface FilterRow {
  name: string;
  spec: unknown;
  public: boolean;
}

/** A new feed token: 24 random bytes, URL-safe; whoever holds it reads the filter's feeds. */
export const newFeedToken = () => randomBytes(24).toString('base64url');

/** Inserts a filter; null when the member already has one of that name. */
export async function insertFilter(
  db: Kysely<Database>,
  userId: number,
  filter: FilterRow,
  now: Date,
): Promise<SavedFilter | null> {
  const at = now.toISOString();
  const row = await db
    .insertInto('saved_filters')
    .values({
      user_id: userId,
      name: filter.name,
      spec: JSON.stringify(filter.spec),
      public: filter.public ? 1 : 0,
      feed_token: newFeedToken(),
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['user_id', 'name']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? filterFromRow(row) : null;
}

/** Changes a member's filter; 'taken' when the new name is another of theirs, null when there is no such filter. */
export async function updateFilter(
  store: Store,
  userId: number,
  id: number,
  change: Partial<FilterRow> & { feedToken?: string },
  now: Date,
): Promise<SavedFilter | 'taken' | null> {
  if (change.name !== undefined) {
    const other = await store.db
      .selectFrom('saved_filters')
      .select('id')
      .where('user_id', '=', userId)
      .where('name', '=', change.name)
      .where('id', '!=', id)
      .executeTakeFirst();
    if (other) return 'taken';
  }
  const row = await store.db
    .updateTable('saved_filters')
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.spec !== undefined ? { spec: JSON.stringify(change.spec) } : {}),
      ...(change.public !== undefined ? { public: change.public ? 1 : 0 } : {}),
      ...(change.feedToken !== undefined ? { feed_token: change.feedToken } : {}),
      updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
  return row ? filterFromRow(row) : null;
}

export async function deleteFilter(store: Store, userId: number, id: number): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom('saved_filters').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    // Its webhooks (and their logs, by cascade) go with it: webhooks.filter_id has no foreign key.
    await trx.deleteFrom('webhooks').where('filter_id', '=', id).where('user_id', '=', userId).execute();
    return true;
  });
}

/** Any filter by id, whoever owns it (the webhook engine and the feeds check access themselves). */
export async function filterById(store: Store, id: number): Promise<SavedFilter | null> {
  const row = await store.db.selectFrom('saved_filters').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? filterFromRow(row) : null;
}

/** A member's filters, by name. */
export async function filtersOf(store: Store, userId: number): Promise<SavedFilter[]> {
  const rows = await store.db.selectFrom('saved_filters').selectAll().where('user_id', '=', userId).orderBy('name').execute();
  return rows.map(filterFromRow);
}

export async function countFilters(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom('saved_filters')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The doc ids of visible papers a filter is ordered from, newest first: the feed's papers
 * (`onFeed`, by feed day, optionally within `range`) or the archive's, with at least
 * `minUpvotes`. The feed's order is its pages' (newest day first, then the source's rank). Only ids: the keyword index decides which of them match.
 */
export async function orderedCandidateDocIds(
  store: Store,
  options: { onFeed: boolean; range: DayRange | null; minUpvotes: number },
): Promise<number[]> {
  if (options.onFeed) {
    const rows = await store.db
      .selectFrom('feed_entries as f')
      .innerJoin('papers as p', 'p.id', 'f.paper_id')
      .select('p.doc_id')
      .where('p.hidden_at', 'is', null)
      .$if(options.minUpvotes > 0, (q) => q.where('p.upvotes', '>=', options.minUpvotes))
      .$if(options.range !== null, (q) => q.where('f.day', '>=', options.range!.from).where('f.day', '<=', options.range!.to))
      .orderBy('f.day', 'desc')
      .orderBy('f.created_at', 'desc')
      .orderBy(SOURCE_RANK)
      .orderBy('p.id', 'desc')
      .execute();
    return rows.map((row) => Number(row.doc_id));
  }
  const rows = await store.db
    .selectFrom('papers')
    .select('doc_id')
    .where('hidden_at', 'is', null)
    .where('upvotes', '>=', options.minUpvotes)
    .orderBy(sql`published_at desc nulls last`)
    .orderBy('doc_id', 'desc')
    .execute();
  return rows.map((row) => Number(row.doc_id));
}

// ---- a filter's e-mail digest ----

/** The filter's subscription, current or ended, if it ever had one. */
export async function filterSubscription(store: Store, filterId: number): Promise<Subscription | null> {
  const row = await store.db.selectFrom('subscriptions').selectAll().where('filter_id', '=', filterId).executeTakeFirst();
  return row ? subscriptionFromRow(row) : null;
}

/**
 * Subscribes a filter's owner to its digest at their verified address, confirmed at once (the
 * address proved itself when the account did). Subscribing again changes the frequency and
 * revives an ended subscription with a new nonce, retiring its old unsubscribe links.
 */
export async function subscribeFilter(
  store: Store,
  filter: { id: number; userId: number },
  email: string,
  frequency: Frequency,
  now: Date,
): Promise<Subscription> {
  const at = now.toISOString();
  const row = await store.db
    .insertInto('subscriptions')
    .values({
      email,
      user_id: filter.userId,
      filter_id: filter.id,
      frequency,
      categories: '[]',
      query: null,
      status: 'confirmed',
      nonce: randomBytes(9).toString('base64url'),
      created_at: at,
      updated_at: at,
      confirmed_at: at,
    })
    .onConflict((oc) =>
      oc.column('filter_id').doUpdateSet((eb) => ({
        email,
        frequency,
        updated_at: at,
        permanent_failures: 0,
        status: 'confirmed' as const,
        confirmed_at: eb
          .case()
          .when('subscriptions.status', '=', 'confirmed')
          .then(eb.ref('subscriptions.confirmed_at'))
          .else(at)
          .end(),
        nonce: eb
          .case()
          .when('subscriptions.status', '=', 'confirmed')
          .then(eb.ref('subscriptions.nonce'))
          .else(eb.ref('excluded.nonce'))
          .end(),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return subscriptionFromRow(row);
}

/** Ends a filter's digest from its page (the mail's link ends it through its signed token). */
export async function unsubscribeFilter(store: Store, filterId: number, now: Date): Promise<void> {
  await store.db
    .updateTable('subscriptions')
    .set({ status: 'unsubscribed', updated_at: now.toISOString() })
    .where('filter_id', '=', filterId)
    .execute();
}

function filterFromRow(row: Selectable<SavedFiltersTable>): SavedFilter {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    name: row.name,
    spec: JSON.parse(row.spec) as unknown,
    public: row.public === 1,
    feedToken: row.feed_token,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The member's address when it is verified (a login link reached it, or the operator made the account); else null. */
export async function verifiedAddressOf(store: Store, userId: number): Promise<string | null> {
  const row = await store.db
    .selectFrom('users')
    .select(['email', 'email_verified_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return row?.email_verified_at ? row.email : null;
}
