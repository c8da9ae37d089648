import { sql } from 'kysely';
import type { DayEngagement } from '../core/engagement-days.ts';
import type { Store } from '../db/connect.ts';

/**
 * Upvotes and visible comments per paper and UTC day, since an instant (or ever), in one
 * grouped query for any number of papers: the paper page's chart asks for one, the trending
 * list for its page. Instants are stored as ISO 8601 text on both dialects, so a day is the
 * text's first ten characters.
 */
export async function engagementByDay(
  store: Store,
  paperIds: string[],
  since: Date | null,
): Promise<Map<string, DayEngagement[]>> {
  const byPaper = new Map<string, DayEngagement[]>(paperIds.map((id) => [id, []]));
  if (paperIds.length === 0) return byPaper;
  const after = since?.toISOString();
  const day = sql<string>`substr(created_at, 1, 10)`;
  const rows = await store.db
    .selectFrom((eb) =>
      eb
        .selectFrom('votes')
        .select(['paper_id', day.as('day'), sql<number>`1`.as('upvote'), sql<number>`0`.as('comment')])
        .where('paper_id', 'in', paperIds)
        .$if(after !== undefined, (q) => q.where('created_at', '>=', after!))
        .unionAll(
          eb
            .selectFrom('comments')
            .select(['paper_id', day.as('day'), sql<number>`0`.as('upvote'), sql<number>`1`.as('comment')])
            .where('paper_id', 'in', paperIds)
            .$if(after !== undefined, (q) => q.where('created_at', '>=', after!))
            .where('deleted_at', 'is', null)
            .where('hidden_at', 'is', null),
        )
        .as('e'),
    )
    .select((eb) => [
      'e.paper_id',
      'e.day',
      eb.fn.sum<number>('e.upvote').as('upvotes'),
      eb.fn.sum<number>('e.comment').as('comments'),
    ])
    .groupBy(['e.paper_id', 'e.day'])
    .orderBy('e.paper_id')
    .orderBy('e.day')
    .execute();
  for (const row of rows) {
    byPaper.get(row.paper_id)!.push({ day: row.day, upvotes: Number(row.upvotes), comments: Number(row.comments) });
  }
  return byPaper;
}
