/** Reading BibTeX and RIS files as reference managers write them, broken entries included. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBibliography, plainTitle } from '../../src/library/bibliography.ts';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

describe('BibTeX', () => {
  it('reads each entry’s title and arXiv trace, and reports the broken one by line without losing the next', () => {
    expect(parseBibliography(fixture('zotero.bib'))).toEqual({
      format: 'bibtex',
      entries: [
        { line: 2, title: 'Sparse Routing for Long Contexts', arxivId: '2603.00010' },
        { line: 12, title: 'Reward models that explain themselves', arxivId: '2603.00011' },
        { line: 19, title: 'Scientific Figure Question Answering', arxivId: null },
        { line: 29, title: 'A Paper This Hub Does Not Have', arxivId: null },
        { line: 35, title: 'Graphs at a different title', arxivId: '2602.00030' },
        { line: 40, title: 'Stored elsewhere', arxivId: '2612.99999' },
      ],
      broken: [{ line: 25, reason: '@inproceedings entry, field title: a "{" is never closed' }],
    });
  });

  it('names what is wrong with each kind of broken entry', () => {
    const { entries, broken } = parseBibliography(
      [
        '@misc{nokey title = {x}}',
        '@misc{k, title = {x}',
        '@misc{k, title {x}}',
        '@misc{k, title = {x}} }',
        '@misc{ok, title = {Fine}}',
      ].join('\n'),
    );
    expect(broken).toEqual([
      { line: 1, reason: '@misc entry has no key followed by a comma' },
      { line: 2, reason: '@misc entry is not closed with "}"' },
      { line: 3, reason: '@misc entry: expected a field name and "=" near "title {x}}"' },
    ]);
    expect(entries.map((e) => [e.line, e.title])).toEqual([
      [4, 'x'],
      [5, 'Fine'],
    ]);
  });

  it('says so when a file has no entries at all', () => {
    expect(parseBibliography('just some text').broken).toEqual([
      { line: 1, reason: 'no BibTeX entry (@type{key, …}) or RIS record (TY  - …) found' },
    ]);
  });

  it('undoes TeX in titles: accents, escapes, commands, braces', () => {
    expect(plainTitle('{\\"U}ber \\textit{Caf\\\'e} \\& {T}ea at 50\\%')).toBe('Über Café & Tea at 50%');
    expect(plainTitle('Fa\\c{c}ade \\v{S}koda')).toBe('Façade Škoda');
  });

  it('joins values with #, and reads quoted values with braces inside', () => {
    const { entries } = parseBibliography('@misc{k, title = "A {"}quoted{"} " # {part}, eprint = "arXiv:2401.12345v3"}');
    expect(entries).toEqual([{ line: 1, title: 'A "quoted" part', arxivId: '2401.12345' }]);
  });
});

describe('RIS', () => {
  it('reads records, joins wrapped lines, and reports a record without ER', () => {
    expect(parseBibliography(fixture('mendeley.ris'))).toEqual({
      format: 'ris',
      entries: [
        { line: 1, title: 'Graph Transformers at Scale', arxivId: '2602.00030' },
        { line: 8, title: 'Sparse Routing for Long Contexts', arxivId: null },
        { line: 17, title: 'Nothing Like It Here', arxivId: null },
      ],
      broken: [{ line: 13, reason: 'record has no "ER  - " before the next "TY  - "' }],
    });
  });

  it('reads CRLF files and reports a record cut off at the end', () => {
    const { entries, broken } = parseBibliography('TY  - GEN\r\nTI  - One\r\nER  - \r\nTY  - GEN\r\nTI  - Two\r\n');
    expect(entries).toEqual([{ line: 1, title: 'One', arxivId: null }]);
    expect(broken).toEqual([{ line: 4, reason: 'record is not closed with "ER  - "' }]);
  });
});
