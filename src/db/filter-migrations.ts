import { type Kysely, sql } from 'kysely';
import type { Dialect } from './connect.ts';
import type { SchemaStep } from './migrations.ts';

/**
 * Saved filters (migration 0034): a member's named filter, its spec as JSON, and the token its
 * private feeds carry. Each filter may have one e-mail subscription: a `subscriptions` row with
 * `filter_id`, so the digest machinery (claims, `digest_sends`, unsubscribe links) serves both.
 * An address therefore has one plain subscription and any number of filter ones: the unique
 * address becomes unique among rows without a filter.
 */
export function filterMigrations(dialect: Dialect): SchemaStep[] {
  const serial = dialect === 'sqlite' ? 'integer' : 'bigserial';
  const key = dialect === 'sqlite' ? 'integer' : 'bigint';
  return [
    {
      name: '0034_saved_filters',
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('saved_filters')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('user_id', key, (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('spec', 'text', (c) => c.notNull())
          .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('feed_token', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('saved_filters_user_name')
          .on('saved_filters')
          .columns(['user_id', 'name'])
          .unique()
          .execute();
        if (dialect === 'sqlite') await rebuildSqliteSubscriptions(db);
        else {
          await sql`ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_email_key`.execute(db);
          await db.schema
            .alterTable('subscriptions')
            .addColumn('filter_id', key, (c) => c.references('saved_filters.id').onDelete('cascade'))
            .execute();
        }
        await db.schema
          .createIndex('subscriptions_email')
          .on('subscriptions')
          .column('email')
          .unique()
          .where(sql.ref('filter_id'), 'is', null)
          .execute();
        await db.schema.createIndex('subscriptions_filter').on('subscriptions').column('filter_id').unique().execute();
      },
    },
  ];
}

const SUBSCRIPTION_COLUMNS = `id, email, user_id, frequency, categories, query, status, nonce, permanent_failures,
  confirmation_sent_at, created_at, updated_at, confirmed_at`;
const SEND_COLUMNS = `subscription_id, period, status, holder, attempts, next_attempt_at, last_error, message_id, claimed_at, sent_at`;

/**
 * SQLite cannot drop a column's UNIQUE: both tables are copied into new ones and renamed back.
 * The sends move first to a table pointing at the new subscriptions (a rename rewrites that
 * reference), so dropping the old subscriptions cascades into nothing.
 */
async function rebuildSqliteSubscriptions(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE subscriptions_new (
    id integer PRIMARY KEY,
    email text NOT NULL,
    user_id integer,
    frequency text NOT NULL,
    categories text NOT NULL DEFAULT '[]',
    query text,
    status text NOT NULL,
    nonce text NOT NULL,
    permanent_failures integer NOT NULL DEFAULT 0,
    confirmation_sent_at text,
    created_at text NOT NULL,
    updated_at text NOT NULL,
    confirmed_at text,
    filter_id integer REFERENCES saved_filters(id) ON DELETE CASCADE
  )`.execute(db);
  await sql
    .raw(`INSERT INTO subscriptions_new (${SUBSCRIPTION_COLUMNS}) SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions`)
    .execute(db);
  await sql`CREATE TABLE digest_sends_new (
    subscription_id bigint NOT NULL REFERENCES subscriptions_new(id) ON DELETE CASCADE,
    period text NOT NULL,
    status text NOT NULL,
    holder text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at text,
    last_error text,
    message_id text,
    claimed_at text NOT NULL,
    sent_at text,
    CONSTRAINT digest_sends_pk PRIMARY KEY (subscription_id, period)
  )`.execute(db);
  await sql.raw(`INSERT INTO digest_sends_new (${SEND_COLUMNS}) SELECT ${SEND_COLUMNS} FROM digest_sends`).execute(db);
  await sql`DROP TABLE digest_sends`.execute(db);
  await sql`DROP TABLE subscriptions`.execute(db);
  await sql`ALTER TABLE subscriptions_new RENAME TO subscriptions`.execute(db);
  await sql`ALTER TABLE digest_sends_new RENAME TO digest_sends`.execute(db);
  await db.schema.createIndex('subscriptions_due').on('subscriptions').columns(['status', 'frequency', 'id']).execute();
  await db.schema.createIndex('subscriptions_user_id').on('subscriptions').column('user_id').execute();
  await db.schema.createIndex('digest_sends_period_status').on('digest_sends').columns(['period', 'status']).execute();
}
