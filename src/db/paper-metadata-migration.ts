import { type Kysely, sql } from 'kysely';

/**
 * Papers learn which kind of source their text came from (the precedence rule of
 * src/core/paper-merge.ts) and keep what Hugging Face adds to a paper. Rows stored before
 * are classed by what only each source gives: arXiv always lists categories, Hugging Face
 * never does but counts upvotes or places the paper on its feed.
 */
export async function addPaperMetadata(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('papers')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('other'))
    .execute();
  await db.schema.alterTable('papers').addColumn('ai_summary', 'text').execute();
  await db.schema
    .alterTable('papers')
    .addColumn('ai_keywords', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('papers').addColumn('organization', 'text').execute();
  await db.schema.alterTable('papers').addColumn('github_stars', 'integer').execute();
  await db.updateTable('papers').set({ source: 'arxiv' }).where('categories', '<>', '[]').execute();
  await db
    .updateTable('papers')
    .set({ source: 'hf' })
    .where('categories', '=', '[]')
    .where((eb) =>
      eb.or([
        eb('source_upvotes', '>', 0),
        eb.exists(
          eb
            .selectFrom('feed_entries')
            .select(sql`1`.as('one'))
            .whereRef('feed_entries.paper_id', '=', 'papers.id')
            .where('feed_entries.source', '=', 'hf'),
        ),
      ]),
    )
    .execute();
}
