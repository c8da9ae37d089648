import type { Dialect } from './connect.ts';
import type { SchemaStep } from './migrations.ts';

/**
 * What a member tells the hub about their taste (migration 0032): "more like this" and "not
 * interested" on a paper (one row per member and paper: the latest word wins), and the authors
 * and categories they follow. A paper's feedback goes with the paper.
 */
export function feedbackMigrations(dialect: Dialect): SchemaStep[] {
  const key = dialect === 'sqlite' ? 'integer' : 'bigint';
  return [
    {
      name: '0032_feedback',
      async up(db) {
        await db.schema
          .createTable('paper_feedback')
          .addColumn('user_id', key, (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('paper_feedback_pk', ['user_id', 'paper_id'])
          .execute();
        // `key` is what makes two spellings one follow: the author's name in lower case, or the category as written.
        await db.schema
          .createTable('follows')
          .addColumn('user_id', key, (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('follows_pk', ['user_id', 'kind', 'key'])
          .execute();
      },
    },
  ];
}
