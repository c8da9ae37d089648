/**
 * What a store was asked, and how it would answer: a recorder that keeps every query sent
 * through a store's `db` as compiled, and the plan each would run with, judged for whole-table
 * reads of the tables that grow with the hub. Shared by the store-level and the route-level
 * plan tests, so both judge plans alike.
 */
import { type CompiledQuery, type KyselyPlugin, sql } from 'kysely';
import type { Store } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/schema.ts';

/** The store, and the queries it sent through it since the last `take()`. */
export function recording(store: Store): { store: Store; take(): CompiledQuery[] } {
  let sent: CompiledQuery[] = [];
  const executor = store.db.getExecutor();
  const recorder: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      sent.push(executor.compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return {
    store: { ...store, db: store.db.withPlugin(recorder) },
    take() {
      const out = sent;
      sent = [];
      return out;
    },
  };
}

/**
 * The tables whose rows grow with the hub's papers, members or activity: a whole-table read of
 * any of them is a page that slows down as the hub grows. Left out are the tables of a fixed
 * handful of rows whatever the hub's size (schema_version, the single-row service, ingest and
 * search state, the job leases, the configured trending categories), which a scan reads at no cost.
 */
const GROWING_TABLES: readonly (keyof Database)[] = [
  'papers',
  'feed_entries',
  'votes',
  'comments',
  'moderation_log',
  'users',
  'sessions',
  'api_tokens',
  'login_links',
  'login_failures',
  'subscriptions',
  'digest_sends',
  'search_changes',
  'paper_vectors',
  'library_items',
  'collections',
  'collection_items',
  'paper_feedback',
  'follows',
  'saved_filters',
  'webhooks',
  'webhook_deliveries',
];

// Words that may follow a table's name where an alias could: never taken for one.
const NOT_ALIASES = new Set(
  'as where on inner left right full cross join natural using order group limit offset set values union except intersect returning for having window and or'.split(
    ' ',
  ),
);

/** Each name the query gives a growing table (its own, and any alias), mapped to the table. */
function growingNames(text: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const table of GROWING_TABLES) {
    const uses = new RegExp(`(?<![\\w."])"?${table}"?(?:\\s+as)?\\s+"?(\\w+)"?`, 'gi');
    names.set(table, table);
    for (const match of text.matchAll(uses)) {
      const alias = match[1]!;
      if (!NOT_ALIASES.has(alias.toLowerCase())) names.set(alias, table);
    }
  }
  return names;
}

/** The plan the store would run the query with, a line per step. */
export async function planOf(store: Store, query: CompiledQuery): Promise<string[]> {
  const explain = <R>(db: Store['db'], prefix: string) => db.executeQuery<R>({ ...query, sql: `${prefix} ${query.sql}` });
  if (store.dialect === 'sqlite') {
    return (await explain<{ detail: string }>(store.db, 'EXPLAIN QUERY PLAN')).rows.map((row) => row.detail);
  }
  return store.db.connection().execute(async (db) => {
    await sql`SET enable_seqscan = off`.execute(db);
    try {
      return (await explain<{ 'QUERY PLAN': string }>(db, 'EXPLAIN')).rows.map((row) => row['QUERY PLAN']);
    } finally {
      await sql`RESET enable_seqscan`.execute(db);
    }
  });
}

// The statements EXPLAIN takes (not SET, BEGIN, PRAGMA …).
const EXPLAINABLE = /^\s*(select|insert|update|delete|with)\b/i;
// SQLite: `SCAN p` reads the table whole; `SCAN p USING [COVERING] INDEX` walks an index in its
// order and stops at the LIMIT. PostgreSQL, with sequential scans priced out, still reads a table
// sequentially only when no index can serve.
const SQLITE_SCAN = /^SCAN (\w+)(?! USING)/;
const POSTGRES_SCAN = /Seq Scan on (\w+)/;
const ORDERED_LIMIT = /\border by\b[^()]*\blimit\b/i;
const SQLITE_SORT = /USE TEMP B-TREE FOR .*ORDER BY/;

/**
 * The steps of the query's plan that read a growing table whole (none for a statement that
 * EXPLAIN does not take).
 */
export async function wholeTableScans(store: Store, query: CompiledQuery): Promise<string[]> {
  return judged(store, query, SQLITE_SCAN);
}

// SQLite: any `SCAN t`, with or without an index.
const SQLITE_WALK = /^SCAN (\w+)/;

/**
 * As wholeTableScans, and on SQLite every walk of a growing table or its index from one end
 * (`SCAN t USING [COVERING] INDEX i`), even in the query's order up to a LIMIT: such a walk reads
 * every row before the page, as slow as the whole table for a deep cursor, and a whole-index walk
 * is as slow as the table at a million rows, though narrower. The hot reads each name a key or a
 * range and must have none; a route may need one by design (a first page walks from the top, a
 * sitemap counts every visible paper), so the route test judges with wholeTableScans.
 */
export async function wholeReads(store: Store, query: CompiledQuery): Promise<string[]> {
  return judged(store, query, SQLITE_WALK, false);
}

async function judged(store: Store, query: CompiledQuery, sqliteStep: RegExp, stopsAtLimit = true): Promise<string[]> {
  if (!EXPLAINABLE.test(query.sql)) return [];
  const plan = await planOf(store, query);
  if (store.dialect === 'postgres') {
    return plan.filter((line) => GROWING_TABLES.includes(POSTGRES_SCAN.exec(line)?.[1] as keyof Database));
  }
  // `SCAN t` alone is also how SQLite walks a table in rowid order (`order by id desc limit 50`
  // on an integer key): with nothing left to sort and a LIMIT, it stops there, as an index walk does.
  const walksInOrder = stopsAtLimit && ORDERED_LIMIT.test(query.sql) && !plan.some((line) => SQLITE_SORT.test(line));
  const names = growingNames(query.sql);
  return walksInOrder ? [] : plan.filter((line) => names.has(sqliteStep.exec(line)?.[1] ?? ''));
}
