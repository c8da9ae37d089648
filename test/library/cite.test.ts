/** Citations, exactly as reference managers will read them. */
import { describe, expect, it } from 'vitest';
import { type CitedPaper, citationKey, escapeBibtex, formatCitations } from '../../src/library/cite.ts';

const HUB = 'http://papers.test';

const paper: CitedPaper = {
  id: '2603.00010',
  title: 'Sparse {Routing} & 100% Recall: Zürich’s #1\n  model',
  authors: ['Ana Lima', 'Jürgen Groß', 'Plato'],
  abstract: 'We study\nrouting.',
  publishedAt: '2026-02-28T17:00:00.000Z',
  primaryCategory: 'cs.CL',
  categories: ['cs.CL', 'cs.LG'],
  doi: '10.1000/xyz123',
  journalRef: 'Proc. ACL 2026',
};

describe('BibTeX', () => {
  it('writes @misc with eprint, archivePrefix, primaryClass and url, escaping TeX specials and keeping UTF-8', () => {
    expect(formatCitations([paper], 'bibtex', HUB)).toBe(
      [
        '@misc{lima2026sparse,',
        '  title = {Sparse \\{Routing\\} \\& 100\\% Recall: Zürich’s \\#1 model},',
        '  author = {Ana Lima and Jürgen Groß and Plato},',
        '  year = {2026},',
        '  month = {2},',
        '  eprint = {2603.00010},',
        '  archivePrefix = {arXiv},',
        '  primaryClass = {cs.CL},',
        '  doi = {10.1000/xyz123},',
        '  note = {Proc. ACL 2026},',
        '  url = {https://arxiv.org/abs/2603.00010}',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('escapes a backslash without letting its braces be escaped again', () => {
    expect(escapeBibtex('a\\b {c}')).toBe('a\\textbackslash{}b \\{c\\}');
  });

  it('gives papers with the same key distinct keys, and a non-arXiv paper a hub URL and no eprint', () => {
    const corpus: CitedPaper = { ...paper, id: '4983', primaryCategory: null, publishedAt: null, doi: null, journalRef: null };
    const text = formatCitations([paper, paper, corpus], 'bibtex', HUB);
    expect(text.match(/^@misc\{[^,]+,/gm)).toEqual(['@misc{lima2026sparse,', '@misc{lima2026sparseb,', '@misc{limasparse,']);
    expect(text).toContain('url = {http://papers.test/papers/4983}');
    expect(text.split('\n\n')[2]).not.toContain('eprint');
  });

  it('makes keys from ASCII only, falling back to the arXiv id', () => {
    expect(citationKey({ ...paper, authors: ['Émile Zoë'] })).toBe('zoe2026sparse');
    expect(citationKey({ ...paper, id: 'hep-th/9901001', authors: [], title: 'Ω', publishedAt: null })).toBe('arxivhepth9901001');
  });
});

describe('RIS', () => {
  it('writes one TY  - GEN … ER  -  record per paper, CRLF lines, authors as Family, Given', () => {
    expect(formatCitations([paper], 'ris', HUB)).toBe(
      [
        'TY  - GEN',
        'TI  - Sparse {Routing} & 100% Recall: Zürich’s #1 model',
        'AU  - Lima, Ana',
        'AU  - Groß, Jürgen',
        'AU  - Plato',
        'PY  - 2026',
        'DA  - 2026/02/28/',
        'AB  - We study routing.',
        'PB  - arXiv',
        'AN  - arXiv:2603.00010',
        'KW  - cs.CL',
        'KW  - cs.LG',
        'DO  - 10.1000/xyz123',
        'N1  - Proc. ACL 2026',
        'UR  - https://arxiv.org/abs/2603.00010',
        'ER  - ',
        '',
      ].join('\r\n'),
    );
  });
});

describe('CSL-JSON', () => {
  it('writes an array of CSL items: a preprint is an "article" with date-parts', () => {
    expect(JSON.parse(formatCitations([paper], 'csl-json', HUB))).toEqual([
      {
        id: 'arXiv:2603.00010',
        type: 'article',
        title: 'Sparse {Routing} & 100% Recall: Zürich’s #1 model',
        author: [{ family: 'Lima', given: 'Ana' }, { family: 'Groß', given: 'Jürgen' }, { literal: 'Plato' }],
        issued: { 'date-parts': [[2026, 2, 28]] },
        abstract: 'We study routing.',
        publisher: 'arXiv',
        number: 'arXiv:2603.00010',
        DOI: '10.1000/xyz123',
        note: 'Proc. ACL 2026',
        URL: 'https://arxiv.org/abs/2603.00010',
      },
    ]);
  });

  it('dates an arXiv paper without a publication date by its id', () => {
    const [item] = JSON.parse(formatCitations([{ ...paper, publishedAt: null }], 'csl-json', HUB));
    expect(item.issued).toEqual({ 'date-parts': [[2026, 3]] });
  });
});
