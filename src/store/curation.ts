import type { Kysely } from 'kysely';
import type { FeedSource } from '../core/paper.ts';
import type { Database } from '../db/schema.ts';

/**
 * Puts a paper on a day's feed, or moves it there: a paper has one place in the feeds.
 * Submissions keep an existing place (`keepExisting`); a curator's pick replaces it.
 * Returns the placement that holds afterwards.
 */
export async function placeOnFeed(
  db: Kysely<Database>,
  placement: { paperId: string; day: string; source: FeedSource; submittedBy: string },
  now: Date,
  keepExisting: boolean,
): Promise<{ day: string; source: FeedSource; submittedBy: string | null; created: boolean }> {
  const row = await db
    .insertInto('feed_entries')
    .values({
      paper_id: placement.paperId,
      day: placement.day,
      source: placement.source,
      rank: null,
      submitted_by: placement.submittedBy,
      created_at: now.toISOString(),
    })
    .onConflict((oc) =>
      keepExisting
        ? oc.column('paper_id').doNothing()
        : oc
            .column('paper_id')
            .doUpdateSet({ day: placement.day, source: placement.source, submitted_by: placement.submittedBy }),
    )
    .returning(['day', 'source', 'submitted_by'])
    .executeTakeFirst();
  if (row) return { day: row.day, source: row.source as FeedSource, submittedBy: row.submitted_by, created: true };
  const existing = await db
    .selectFrom('feed_entries')
    .select(['day', 'source', 'submitted_by'])
    .where('paper_id', '=', placement.paperId)
    .executeTakeFirstOrThrow();
  return { day: existing.day, source: existing.source as FeedSource, submittedBy: existing.submitted_by, created: false };
}
