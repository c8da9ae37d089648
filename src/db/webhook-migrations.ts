import type { Kysely } from 'kysely';
import type { Dialect } from './connect.ts';
import type { SchemaStep } from './migrations.ts';

/**
 * Webhooks of saved filters (migration 0035) and their delivery log. A webhook goes with its
 * member (cascade) and its deliveries with it. `filter_id` names a saved filter without a
 * foreign key: the filters capability removes a filter's webhooks when it deletes the filter.
 * One delivery per (webhook, period) is the unique key that makes each period's post happen once.
 */
export function webhookMigrations(dialect: Dialect): SchemaStep[] {
  const serial = dialect === 'sqlite' ? 'integer' : 'bigserial';
  const key = dialect === 'sqlite' ? 'integer' : 'bigint';
  return [
    {
      name: '0035_webhooks',
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('webhooks')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('user_id', key, (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('filter_id', key, (c) => c.notNull())
          .addColumn('format', 'text', (c) => c.notNull())
          .addColumn('frequency', 'text', (c) => c.notNull().defaultTo('daily'))
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('secret', 'text', (c) => c.notNull())
          .addColumn('failed_periods', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('disabled_at', 'text')
          .addColumn('disabled_reason', 'text')
          .execute();
        await db.schema.createIndex('webhooks_user').on('webhooks').columns(['user_id', 'id']).execute();
        await db.schema.createIndex('webhooks_filter').on('webhooks').column('filter_id').execute();
        await db.schema
          .createTable('webhook_deliveries')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('webhook_id', key, (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
          .addColumn('period', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'text')
          .addColumn('claimed_until', 'text')
          .addColumn('holder', 'text')
          .addColumn('last_status_code', 'integer')
          .addColumn('last_error', 'text')
          .addColumn('payload', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('delivered_at', 'text')
          .addUniqueConstraint('webhook_deliveries_period', ['webhook_id', 'period'])
          .execute();
        await db.schema
          .createIndex('webhook_deliveries_due')
          .on('webhook_deliveries')
          .columns(['status', 'next_attempt_at'])
          .execute();
      },
    },
  ];
}
