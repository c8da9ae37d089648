/** Importing BibTeX and RIS files into a library on both stores: what matches, what is reported, what is refused. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { paperRecord } from '../../src/core/paper.ts';
import { MAX_IMPORT_BYTES } from '../../src/library/import.ts';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { DIALECTS } from '../support/stores.ts';
import { figures, graphs, NOW, rewards, routing, saveFixtures, useTestApp } from '../web/fixtures.ts';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url));
const cafe = paperRecord({ id: '2601.00001', title: 'Café Culture in Transformers', authors: ['Zoé Martin'] });
const edition = paperRecord({ id: '2601.00002', title: 'Édition Numérique at Scale', authors: ['Zoé Martin'] });

describe.each(DIALECTS)('importing a bibliography on %s', (dialect) => {
  const hub = useTestApp(dialect, (store) => saveFixtures(store, [routing, rewards, figures, graphs, cafe, edition]));
  let token = '';
  beforeAll(async () => {
    const ana = await signUp(hub.store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    token = (await createApiToken(hub.store, ana.id, 'test', NOW)).token;
  });

  const importFile = (body: Buffer | string, type = 'application/x-bibtex') =>
    hub.app.inject({
      method: 'POST',
      url: '/api/me/library/import',
      payload: body,
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
    });
  const saved = async () =>
    (await hub.app.inject({ url: '/api/me/library', headers: { authorization: `Bearer ${token}` } }))
      .json()
      .map((item: { paper: { id: string } }) => item.paper.id)
      .sort();

  it('saves entries matched by arXiv id or title, reports the rest and the broken entry, keeps the good ones', async () => {
    const res = await importFile(fixture('zotero.bib'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      format: 'bibtex',
      encoding: 'utf-8',
      entries: 6,
      matched: 4,
      saved: 4,
      alreadySaved: 0,
      unmatched: [
        { line: 29, title: 'A Paper This Hub Does Not Have', reason: 'no arXiv id, and no paper on this hub has this title' },
        { line: 40, title: 'Stored elsewhere', reason: 'arXiv 2612.99999 is not on this hub, nor is a paper of this title' },
      ],
      broken: [{ line: 25, reason: '@inproceedings entry, field title: a "{" is never closed' }],
      warnings: [],
    });
    expect(await saved()).toEqual(['2602.00020', '2602.00030', '2603.00010', '2603.00011']);
  });

  it('imports RIS too, and importing again changes nothing', async () => {
    const res = (await importFile(fixture('mendeley.ris'), 'application/x-research-info-systems')).json();
    expect(res).toMatchObject({ format: 'ris', entries: 3, matched: 2, saved: 0, alreadySaved: 2 });
    expect(res.unmatched).toEqual([
      { line: 17, title: 'Nothing Like It Here', reason: 'no arXiv id, and no paper on this hub has this title' },
    ]);
    expect((await importFile(fixture('zotero.bib'))).json()).toMatchObject({ matched: 4, saved: 0, alreadySaved: 4 });
  });

  it('reads a file that is not UTF-8 as Latin-1, and says so', async () => {
    const latin1 = Buffer.from('@misc{k, title = {Caf\u00e9 culture in transformers}}', 'latin1');
    expect(latin1.includes(0xe9)).toBe(true);
    expect((await importFile(latin1, 'text/plain')).json()).toMatchObject({
      encoding: 'latin1',
      matched: 1,
      saved: 1,
      warnings: ['The file is not UTF-8: it was read as Latin-1 (Windows-1252).'],
    });
    expect(await saved()).toContain('2601.00001');
  });

  it('matches a title whose capitals are not ASCII, on either store (SQLite’s lower() folds ASCII only)', async () => {
    const res = (await importFile('@misc{k, title = {{Édition} Numérique at Scale.}}')).json();
    expect(res).toMatchObject({ matched: 1, saved: 1, unmatched: [] });
  });

  it('takes 10,000 entries in one file', async () => {
    const entries = Array.from({ length: 10_000 }, (_, i) =>
      i === 9_999
        ? '@misc{last, eprint = {2603.00010}}'
        : `@misc{e${i}, title = {Unknown paper number ${i}}, eprint = {2501.${String(10000 + i)}}}`,
    );
    const res = await importFile(entries.join('\n'));
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect([report.entries, report.matched, report.unmatched.length, report.broken.length]).toEqual([10_000, 1, 9_999, 0]);
    expect(report.unmatched[0]).toEqual({
      line: 1,
      title: 'Unknown paper number 0',
      reason: 'arXiv 2501.10000 is not on this hub, nor is a paper of this title',
    });
  });

  it('refuses a file over the limit with 413 and an empty body with 400, saving nothing', async () => {
    const before = await saved();
    const big = await importFile(Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x20));
    expect([big.statusCode, big.json()]).toEqual([
      413,
      { error: 'The file is larger than 10 MiB, the most one import takes: split it into smaller files' },
    ]);
    const empty = await importFile('', 'text/plain');
    expect(empty.statusCode).toBe(400);
    expect(await saved()).toEqual(before);
  });
});
