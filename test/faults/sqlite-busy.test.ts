/**
 * An import into a SQLite file while another process keeps writing to it (a live server taking
 * votes): both wait their turn for the write lock, with retries, so the import stores every
 * record, the other writer loses no vote, and nobody sees SQLITE_BUSY or SQLITE_BUSY_SNAPSHOT.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { paperRecord } from '../../src/core/paper.ts';
import { openStore } from '../../src/db/connect.ts';
import { signUp } from '../../src/social/accounts.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';
import { countPapers } from '../../src/store/papers.ts';
import { runCli } from '../support/cli.ts';

const RECORDS = 6_000;
const WRITER = join(import.meta.dirname, 'busy-writer.ts');

describe('an import beside a busy SQLite writer', () => {
  it(`stores all ${RECORDS} records while another process toggles a vote, and neither side sees SQLITE_BUSY`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dp-busy-'));
    const file = join(dir, 'papers.sqlite');
    const store = await openStore({ dialect: 'sqlite', file });
    const user = await signUp(store, { email: 'voter@example.org', password: 'a long password' }, new Date());
    await savePapers(store, [paperRecord({ id: '2601.00001', title: 'The voted paper' })], {
      feedCategories: [],
      now: new Date(),
    });
    await store.close();

    const lines = Array.from({ length: RECORDS }, (_, i) =>
      JSON.stringify({
        id: `2602.${String(10_000 + i).padStart(5, '0')}`,
        title: `Generated paper ${i} on contention`,
        authors: [`Author ${i % 97}`],
        categories: ['cs.DB'],
        summary: `Abstract ${i}: writers wait for the lock and retry when it is busy.`,
        listing_date: '2026-02-02',
      }),
    );
    writeFileSync(join(dir, 'papers.jsonl'), `${lines.join('\n')}\n`);

    const writer = spawn(process.execPath, ['--import', 'tsx', WRITER, file, String(user.id), '2601.00001'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    writer.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    while (!output.includes('ready\n')) await once(writer.stdout, 'data');

    const imported = await runCli(['import', join(dir, 'papers.jsonl'), '--format', 'arxiv-listing'], {
      DATABASE_URL: `sqlite:${file}`,
      DATA_DIR: dir,
    });
    writer.kill('SIGTERM');
    await once(writer, 'exit');
    const report = JSON.parse(output.split('\n')[1]!) as { votes: number; errors: string[] };

    expect(imported.stderr).not.toMatch(/SQLITE_BUSY/);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`imported ${RECORDS}, updated 0, unchanged 0, rejected 0`);
    expect(report.errors).toEqual([]);
    expect(report.votes).toBeGreaterThan(50);

    const after = await openStore({ dialect: 'sqlite', file });
    try {
      expect(await countPapers(after)).toBe(RECORDS + 1);
      // Every committed toggle counted: the stored count matches the votes table.
      const votes = await after.db.selectFrom('votes').selectAll().execute();
      const paper = await after.db
        .selectFrom('papers')
        .select('upvotes')
        .where('id', '=', '2601.00001')
        .executeTakeFirstOrThrow();
      expect(paper.upvotes).toBe(votes.length);
      expect(votes.length).toBe(report.votes % 2);
    } finally {
      await after.close();
    }
  });
});
