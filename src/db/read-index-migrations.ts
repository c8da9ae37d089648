import { sql } from 'kysely';
import type { SchemaStep } from './migrations.ts';

/**
 * Indexes for reads that the query-plan tests (test/web, test/store) found scanning a table that
 * grows with the hub. Migration 0036:
 * - a member's API tokens (`/settings`) and a member's comments (`/api/me/export`) were found by
 *   reading every member's rows; both are now looked up by member, in id order;
 * - the sitemap counts and lists the papers no moderator hid by reading the whole papers table,
 *   abstracts and all: a partial index of just what it reads is what it reads now (still every
 *   visible paper, as a sitemap must, but a narrow index instead of the wide table). It holds
 *   `hidden_at` too (always null in it), or SQLite does not take it as covering and visits each row.
 * Migration 0037: votes and comments by time, for the trending list's window (its own comment).
 * Migration 0038: each paper's latest engagement by a member, indexed (its own comment).
 * Migration 0039: the trending recompute's papers, each of its sources indexed (its own comment).
 * The same statements serve both stores: partial indexes are SQLite's and PostgreSQL's alike.
 */
export function readIndexMigrations(): SchemaStep[] {
  return [
    {
      name: '0036_read_indexes',
      async up(db) {
        await db.schema.createIndex('api_tokens_user').on('api_tokens').columns(['user_id', 'id']).execute();
        await db.schema.createIndex('comments_user').on('comments').columns(['user_id', 'id']).execute();
        await db.schema
          .createIndex('papers_visible')
          .on('papers')
          .columns(['id', 'changed_at', 'hidden_at'])
          .where(sql.ref('hidden_at'), 'is', null)
          .execute();
      },
    },
    {
      // The trending list's papers are those voted on or commented on in its window
      // (src/store/trending.ts engagedSince): found by time, not by reading every vote and comment.
      // A paper's votes are kept in time order too (votes_paper becomes (paper_id, created_at)):
      // whether a paper has a vote in the window, and its sparkline's votes, are one seek each
      // instead of a visit to every vote of a paper with thousands.
      name: '0037_engagement_time_indexes',
      async up(db) {
        await db.schema.createIndex('votes_created').on('votes').columns(['created_at', 'paper_id']).execute();
        await db.schema.createIndex('comments_created').on('comments').columns(['created_at', 'paper_id']).execute();
        await db.schema.createIndex('votes_paper_created').on('votes').columns(['paper_id', 'created_at']).execute();
        await db.schema.dropIndex('votes_paper').execute();
      },
    },
    {
      // The trending list named its papers through the window's votes (votes_created) and checked
      // each for a vote in the window: at a million papers, 53,000 votes read for a few thousand
      // papers. `engaged_at` is a paper's latest vote or member's first visible comment (what
      // src/core/trending.ts counts as engagement of a member), written with its counters on every
      // vote and comment change (src/store/engagement.ts writeEngagement); the list finds the
      // papers engaged in its window as one range of papers_engaged, with their ids.
      name: '0038_paper_engaged_at',
      async up(db) {
        await db.schema.alterTable('papers').addColumn('engaged_at', 'text').execute();
        await sql`UPDATE papers SET engaged_at = (
            SELECT max(e.at) FROM (
              SELECT max(created_at) AS at FROM votes WHERE votes.paper_id = papers.id
              UNION ALL
              SELECT min(created_at) AS at FROM comments
                WHERE comments.paper_id = papers.id AND deleted_at IS NULL AND hidden_at IS NULL
                GROUP BY user_id) e)
          WHERE id IN (SELECT paper_id FROM votes UNION SELECT paper_id FROM comments)`.execute(db);
        await db.schema
          .createIndex('papers_engaged')
          .on('papers')
          // With the id, the list reads its papers from the index alone.
          .columns(['engaged_at', 'id'])
          .where(sql.ref('engaged_at'), 'is not', null)
          .execute();
      },
    },
    {
      // The trending recompute ranks the papers with source upvotes, a rank already, or any vote or
      // comment (src/store/trending.ts allEngagementRows). As one OR it read every paper (1.75 s at a
      // million on SQLite, at start-up, holding the event loop); as a union each source is an index.
      name: '0039_trending_recompute_indexes',
      async up(db) {
        await db.schema
          .createIndex('papers_source_upvoted')
          .on('papers')
          .column('id')
          .where(sql.ref('source_upvotes'), '>', 0)
          .execute();
        await db.schema
          .createIndex('papers_engagement_level')
          .on('papers')
          .column('id')
          .where(sql.ref('engagement_level'), 'is not', null)
          .execute();
      },
    },
  ];
}
