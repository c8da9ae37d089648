import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/connect.ts';
import { savePaper, createCollection } from '../../src/library/library.ts';
import { registerAccount } from '../../src/social/accounts.ts';
import { postComment } from '../../src/social/comments.ts';
import { vote } from '../../src/social/votes.ts';
import { runCli } from '../support/cli.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';
import { NOW, routing, rewards, saveFixtures, testConfig, THREE_DAYS } from '../web/fixtures.ts';

const trending = testConfig().trending;
const VECTOR = Buffer.from(Float32Array.of(0.25, -1, 3.5).buffer);

/** Row counts of every table but the schema's own bookkeeping, as the application sees them. */
async function tableCounts(store: Store): Promise<Record<string, number>> {
  const tables = (await store.db.introspection.getTables()).map((t) => t.name).filter((name) => name !== 'schema_version');
  const counts: Record<string, number> = {};
  for (const table of tables.sort()) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(store.db);
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

describe('dailypapers migrate-store --to postgres://…', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dp-migrate-'));
  const env = { DATA_DIR: dataDir, SECRET: 'test secret' };
  let source: Store;
  let target: TestStore;
  let before: Record<string, number>;

  beforeAll(async () => {
    source = await openStore({ dialect: 'sqlite', file: join(dataDir, 'dailypapers.sqlite') });
    await saveFixtures(source, THREE_DAYS);
    const { user: ada } = await registerAccount(
      source,
      { email: 'ada@example.org', password: 'long enough password', displayName: 'Ada' },
      NOW,
    );
    const { user: bo } = await registerAccount(source, { email: 'bo@example.org', password: null, displayName: 'Bo' }, NOW);
    await vote(source, ada, routing.id, true, trending, NOW);
    await vote(source, bo, routing.id, true, trending, NOW);
    const question = await postComment(source, ada, routing.id, { text: 'Does it **route**?' }, trending, NOW);
    await postComment(source, bo, routing.id, { text: 'It does.', parentId: question.id }, trending, NOW);
    await savePaper(source, ada, rewards.id, NOW);
    await createCollection(source, ada, { name: 'Reading group', description: 'Thursdays', public: true }, NOW);
    const { doc_id } = await source.db
      .selectFrom('papers')
      .select('doc_id')
      .where('id', '=', routing.id)
      .executeTakeFirstOrThrow();
    await source.db
      .insertInto('paper_vectors')
      .values({ doc_id, model: 'test-model', dimensions: 3, vector: VECTOR, text_hash: 'h', created_at: NOW.toISOString() })
      .execute();
    before = await tableCounts(source);
    await source.close();
    // An empty database: the command brings its schema up to date itself.
    target = await openTestStore('postgres', { migrate: false });
  }, 60_000);
  afterAll(async () => {
    await target.close();
  });

  it('copies every table, proves each by count and checksum, and the hub runs on the copy', async () => {
    const result = await runCli(['migrate-store', '--to', target.url], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const table of [
      'papers',
      'feed_entries',
      'users',
      'votes',
      'comments',
      'library_items',
      'collections',
      'paper_vectors',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^${table} +${before[table]} rows {2}checksum [0-9a-f]{16} {2}ok$`, 'm'));
    }
    expect(result.stdout).toContain("every table's count and checksum match");

    const copy = await openStore({ dialect: 'postgres', url: target.url });
    try {
      expect(await tableCounts(copy)).toEqual(before);
      const vector = await copy.db.selectFrom('paper_vectors').select('vector').executeTakeFirstOrThrow();
      expect(Buffer.from(vector.vector)).toEqual(VECTOR);
      const reply = await copy.db
        .selectFrom('comments')
        .select(['parent_id', 'text'])
        .where('text', '=', 'It does.')
        .executeTakeFirstOrThrow();
      expect(reply.parent_id).not.toBeNull();
      // The copy's sequences continue after the copied ids: a new account and comment get fresh ones.
      const { user: cy } = await registerAccount(copy, { email: 'cy@example.org', password: null, displayName: 'Cy' }, NOW);
      expect(cy.id).toBeGreaterThan(2);
      const comment = await postComment(copy, cy, rewards.id, { text: 'New here.' }, trending, NOW);
      expect(comment.id).toBeGreaterThan(2);
    } finally {
      await copy.close();
    }
  });

  it('refuses a target that already holds data, and changes nothing in it', async () => {
    const copy = await openStore({ dialect: 'postgres', url: target.url });
    const held = await tableCounts(copy);
    const result = await runCli(['migrate-store', '--to', target.url], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^dailypapers: migrate-store: the target is not empty \(\w+ holds \d+ rows\): migrate-store copies into an empty database; nothing was kept in the target\n$/,
    );
    expect(await tableCounts(copy)).toEqual(held);
    await copy.close();
  });

  it('says what is wrong with --to and with the source, in one line', async () => {
    const notPostgres = await runCli(['migrate-store', '--to', 'sqlite:/tmp/other.sqlite'], env);
    expect(notPostgres).toMatchObject({
      code: 2,
      stderr: 'dailypapers: --to must be a postgres:// URL: migrate-store copies this hub into PostgreSQL\n',
    });
    const unreachable = await runCli(['migrate-store', '--to', 'postgres://127.0.0.1:1/nowhere'], env);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^dailypapers: .*127\.0\.0\.1:1.*\n$/);
    const fromPostgres = await runCli(['migrate-store', '--to', target.url], { ...env, DATABASE_URL: target.url });
    expect(fromPostgres).toMatchObject({
      code: 2,
      stderr: 'dailypapers: this hub already runs on PostgreSQL (DATABASE_URL): migrate-store copies a SQLite store\n',
    });
  });

  it('keeps nothing when PostgreSQL refuses a row, and names the table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dp-migrate-nul-'));
    const withNul = await openStore({ dialect: 'sqlite', file: join(dir, 'dailypapers.sqlite') });
    await saveFixtures(withNul, THREE_DAYS);
    // SQLite keeps a NUL inside text; PostgreSQL's text cannot hold one.
    await withNul.db.updateTable('papers').set({ title: 'Before\u0000after' }).where('id', '=', rewards.id).execute();
    await withNul.close();
    const empty = await openTestStore('postgres', { migrate: false });
    try {
      const result = await runCli(['migrate-store', '--to', empty.url], { DATA_DIR: dir, SECRET: 'test secret' });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^dailypapers: migrate-store: papers: PostgreSQL refused a row \(.+\); nothing was kept in the target\n$/,
      );
      // As a new database is: no rows but the search log's counter that its schema starts with.
      const { search_state: counter, ...rest } = await tableCounts(empty);
      expect(counter).toBe(1);
      expect(Object.entries(rest).filter(([, n]) => n > 0)).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});
