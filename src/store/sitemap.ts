import type { Store } from '../db/connect.ts';

/*
 * What the sitemap lists: every feed day and every paper page a moderator has not hidden, each
 * with when it last changed. Read in slices, since a hub's archive can hold far more papers
 * than one sitemap file may list.
 */

export interface SitemapDay {
  day: string;
  /** The latest of its entries' arrival and its papers' last change (ISO). */
  lastmod: string;
}

export interface SitemapPaper {
  id: string;
  /** When its stored text last changed (ISO). */
  lastmod: string;
}

export async function countSitemapDays(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('feed_entries as f')
    .innerJoin('papers as p', 'p.id', 'f.paper_id')
    .where('p.hidden_at', 'is', null)
    .select((eb) => eb.fn.count<number>('f.day').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Feed days, newest first. */
export async function sitemapDays(store: Store, offset: number, limit: number): Promise<SitemapDay[]> {
  const rows = await store.db
    .selectFrom('feed_entries as f')
    .innerJoin('papers as p', 'p.id', 'f.paper_id')
    .where('p.hidden_at', 'is', null)
    .select((eb) => ['f.day', eb.fn.max('f.created_at').as('entered'), eb.fn.max('p.changed_at').as('changed')])
    .groupBy('f.day')
    .orderBy('f.day', 'desc')
    .offset(offset)
    .limit(limit)
    .execute();
  // ISO instants compare as text.
  return rows.map((row) => ({ day: row.day, lastmod: row.entered > row.changed ? row.entered : row.changed }));
}

export async function countSitemapPapers(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('papers')
    .where('hidden_at', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Paper pages in id order. */
export async function sitemapPapers(store: Store, offset: number, limit: number): Promise<SitemapPaper[]> {
  const rows = await store.db
    .selectFrom('papers')
    .where('hidden_at', 'is', null)
    .select(['id', 'changed_at'])
    .orderBy('id')
    .offset(offset)
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: row.id, lastmod: row.changed_at }));
}
