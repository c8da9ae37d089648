import type { Kysely } from 'kysely';
import type { Dialect } from './connect.ts';
import type { SchemaStep } from './migrations.ts';

/**
 * A member's library (migration 0028): saved papers with a private note and a read mark,
 * and named collections of them. Everything goes with the account (cascade), and a paper's
 * entries go with the paper.
 */
export function libraryMigrations(dialect: Dialect): SchemaStep[] {
  const serial = dialect === 'sqlite' ? 'integer' : 'bigserial';
  const key = dialect === 'sqlite' ? 'integer' : 'bigint';
  return [
    {
      name: '0028_library',
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('library_items')
          .addColumn('user_id', key, (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
          .addColumn('note', 'text')
          .addColumn('read_at', 'text')
          .addColumn('saved_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('library_items_pk', ['user_id', 'paper_id'])
          .execute();
        await db.schema.createIndex('library_items_saved').on('library_items').columns(['user_id', 'saved_at']).execute();
        await db.schema
          .createTable('collections')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('user_id', key, (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        // One collection of a name per member.
        await db.schema.createIndex('collections_user_name').on('collections').columns(['user_id', 'name']).unique().execute();
        // A paper is in a collection only while it is in the library: removing it from the
        // library removes it from the member's collections (the composite key cascades).
        await db.schema
          .createTable('collection_items')
          .addColumn('collection_id', key, (c) => c.notNull().references('collections.id').onDelete('cascade'))
          .addColumn('user_id', key, (c) => c.notNull())
          .addColumn('paper_id', 'text', (c) => c.notNull())
          .addColumn('added_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('collection_items_pk', ['collection_id', 'paper_id'])
          .addForeignKeyConstraint(
            'collection_items_library',
            ['user_id', 'paper_id'],
            'library_items',
            ['user_id', 'paper_id'],
            (c) => c.onDelete('cascade'),
          )
          .execute();
        await db.schema.createIndex('collection_items_library').on('collection_items').columns(['user_id', 'paper_id']).execute();
      },
    },
  ];
}
