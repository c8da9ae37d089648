import { paperRecord } from '../../src/core/paper.ts';
import type { Store } from '../../src/db/connect.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import type { Frequency } from '../../src/store/subscriptions.ts';

/** The feed day the digest fixtures use, and a moment on it when a daily digest is due. */
export const FEED_DAY = '2026-03-05';
export const DIGEST_NOW = new Date('2026-03-05T07:00:00Z');

/**
 * Twelve papers on the feed of `day` with upvotes 12…1: paper i (1-based) is in cs.CL when
 * odd, in math.PR when even.
 */
export async function seedFeed(store: Store, day = FEED_DAY): Promise<void> {
  const records = Array.from({ length: 12 }, (_, k) =>
    paperRecord({
      id: `2603.${String(k + 1).padStart(5, '0')}`,
      title: `Paper number ${k + 1}`,
      abstract: `Abstract of paper ${k + 1}.`,
      authors: [`Author ${k + 1}`],
      categories: k % 2 === 0 ? ['cs.CL'] : ['math.PR'],
      publishedAt: `${day}T00:00:00.000Z`,
      sourceUpvotes: 12 - k,
      feed: { day, rank: k + 1, submittedBy: null },
    }),
  );
  await savePapers(store, records, { feedCategories: [], now: DIGEST_NOW });
}

export const readerAddress = (i: number) => `reader${i}@example.org`;

/** `count` confirmed subscribers reader1…readerN@example.org, inserted in bulk. */
export async function seedConfirmedSubscribers(
  store: Store,
  count: number,
  frequency: Frequency = 'daily',
  categories: string[] = [],
): Promise<void> {
  const at = DIGEST_NOW.toISOString();
  for (let start = 1; start <= count; start += 500) {
    const rows = Array.from({ length: Math.min(500, count - start + 1) }, (_, k) => ({
      email: readerAddress(start + k),
      frequency,
      categories: JSON.stringify(categories),
      status: 'confirmed' as const,
      nonce: `nonce${start + k}`,
      created_at: at,
      updated_at: at,
      confirmed_at: at,
    }));
    await store.db.insertInto('subscriptions').values(rows).execute();
  }
}
