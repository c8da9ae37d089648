/**
 * Citations of papers in the three formats reference managers read: BibTeX (`@misc` with
 * arXiv's eprint fields, as arXiv's own "Export BibTeX" gives), RIS (`TY  - GEN`) and
 * CSL-JSON (an array of CSL items). Pure: papers in, text out. Non-ASCII text stays UTF-8.
 */
import { parseArxivId } from '../core/arxiv-id.ts';
import type { Paper } from '../core/paper.ts';

export const CITATION_FORMATS = ['bibtex', 'ris', 'csl-json'] as const;
export type CitationFormat = (typeof CITATION_FORMATS)[number];

/** Content type and file extension of each format. */
export const CITATION_MEDIA: Record<CitationFormat, { type: string; extension: string }> = {
  bibtex: { type: 'application/x-bibtex; charset=utf-8', extension: 'bib' },
  ris: { type: 'application/x-research-info-systems; charset=utf-8', extension: 'ris' },
  'csl-json': { type: 'application/vnd.citationstyles.csl+json; charset=utf-8', extension: 'json' },
};

/** The fields every format needs, with `url` pointing at arXiv or, for a non-arXiv paper, at this hub. */
export type CitedPaper = Pick<
  Paper,
  'id' | 'title' | 'authors' | 'abstract' | 'publishedAt' | 'primaryCategory' | 'categories' | 'doi' | 'journalRef'
>;

export function formatCitations(papers: readonly CitedPaper[], format: CitationFormat, hubUrl: string): string {
  if (format === 'bibtex') return bibtex(papers, hubUrl);
  if (format === 'ris') return papers.map((paper) => risRecord(paper, hubUrl)).join('');
  return `${JSON.stringify(
    papers.map((paper) => cslItem(paper, hubUrl)),
    null,
    2,
  )}\n`;
}

/** arXiv's abstract page for an arXiv paper, else the paper's page on this hub. */
function paperUrl(paper: CitedPaper, hubUrl: string): string {
  return isArxiv(paper) ? `https://arxiv.org/abs/${paper.id}` : `${hubUrl}/papers/${encodeURIComponent(paper.id)}`;
}

const isArxiv = (paper: CitedPaper) => parseArxivId(paper.id)?.id === paper.id;

/** `[year, month, day]` of first publication; for an arXiv id without a date, its year and month. */
function issued(paper: CitedPaper): number[] | null {
  const date = paper.publishedAt ? /^(\d{4})-(\d{2})-(\d{2})/.exec(paper.publishedAt) : null;
  if (date) return [Number(date[1]), Number(date[2]), Number(date[3])];
  const yymm = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(paper.id) ?? /\/(\d{2})(\d{2})\d{3}$/.exec(paper.id);
  if (!yymm) return null;
  const yy = Number(yymm[1]);
  return [yy >= 91 ? 1900 + yy : 2000 + yy, Number(yymm[2])];
}

/** "Ana Lima" → family "Lima", given "Ana"; one-word names have only a family name. */
export function splitName(name: string): { family: string; given: string | null } {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  const cut = trimmed.lastIndexOf(' ');
  if (cut < 0) return { family: trimmed, given: null };
  return { family: trimmed.slice(cut + 1), given: trimmed.slice(0, cut) };
}

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

// ---- BibTeX ----------------------------------------------------------------------------

const BIBTEX_SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
};

/** A field value safe inside braces: TeX's specials escaped, everything else (UTF-8) as it is. */
export function escapeBibtex(text: string): string {
  return flat(text).replace(/[\\{}&%#]/g, (c) => BIBTEX_SPECIAL[c]!);
}

function bibtex(papers: readonly CitedPaper[], hubUrl: string): string {
  const used = new Map<string, number>();
  return papers
    .map((paper) => {
      const base = citationKey(paper);
      const seen = used.get(base) ?? 0;
      used.set(base, seen + 1);
      // A second paper with the same key gets a letter: lima2026sparse, lima2026sparseb …
      const key = seen === 0 ? base : `${base}${String.fromCharCode(97 + (seen % 26))}${seen >= 26 ? seen : ''}`;
      return bibtexEntry(paper, key, hubUrl);
    })
    .join('\n');
}

function bibtexEntry(paper: CitedPaper, key: string, hubUrl: string): string {
  const date = issued(paper);
  const fields: [string, string | null][] = [
    ['title', `{${escapeBibtex(paper.title)}}`],
    ['author', paper.authors.length ? `{${paper.authors.map(escapeBibtex).join(' and ')}}` : null],
    ['year', date ? `{${date[0]}}` : null],
    ['month', date && date[1] ? `{${date[1]}}` : null],
    ...(isArxiv(paper)
      ? ([
          ['eprint', `{${paper.id}}`],
          ['archivePrefix', '{arXiv}'],
          ['primaryClass', paper.primaryCategory ? `{${escapeBibtex(paper.primaryCategory)}}` : null],
        ] as [string, string | null][])
      : []),
    ['doi', paper.doi ? `{${escapeBibtex(paper.doi)}}` : null],
    ['note', paper.journalRef ? `{${escapeBibtex(paper.journalRef)}}` : null],
    ['url', `{${paperUrl(paper, hubUrl)}}`],
  ];
  const body = fields
    .filter((field): field is [string, string] => field[1] !== null)
    .map(([name, value]) => `  ${name} = ${value}`)
    .join(',\n');
  return `@misc{${key},\n${body}\n}\n`;
}

/** First author's family name, year, first significant title word: ASCII letters and digits only. */
export function citationKey(paper: CitedPaper): string {
  const ascii = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]/g, '')
      .toLowerCase();
  const family = paper.authors[0] ? ascii(splitName(paper.authors[0]).family) : '';
  const word = paper.title
    .split(/\s+/)
    .map(ascii)
    .find((w) => w.length > 3 && !STOP_WORDS.has(w));
  const key = `${family}${issued(paper)?.[0] ?? ''}${word ?? ''}`;
  return key.length > 0 && /^[a-z]/.test(key) ? key : `arxiv${ascii(paper.id)}`;
}

const STOP_WORDS = new Set(['with', 'from', 'that', 'this', 'towards', 'toward', 'when', 'what', 'into', 'over', 'your']);

// ---- RIS -------------------------------------------------------------------------------

/** One RIS record: `TAG  - value` lines (CRLF, as the format's specification has them), ending `ER  - `. */
function risRecord(paper: CitedPaper, hubUrl: string): string {
  const date = issued(paper);
  const lines: [string, string][] = [
    ['TY', 'GEN'],
    ['TI', flat(paper.title)],
  ];
  for (const author of paper.authors) {
    const { family, given } = splitName(author);
    lines.push(['AU', given ? `${family}, ${given}` : family]);
  }
  if (date) {
    lines.push(['PY', String(date[0])]);
    lines.push(['DA', date.map((part, i) => (i === 0 ? String(part) : String(part).padStart(2, '0'))).join('/') + '/']);
  }
  if (paper.abstract) lines.push(['AB', flat(paper.abstract)]);
  if (isArxiv(paper)) {
    lines.push(['PB', 'arXiv']);
    lines.push(['AN', `arXiv:${paper.id}`]);
  }
  for (const category of paper.categories) lines.push(['KW', category]);
  if (paper.doi) lines.push(['DO', paper.doi]);
  if (paper.journalRef) lines.push(['N1', flat(paper.journalRef)]);
  lines.push(['UR', paperUrl(paper, hubUrl)]);
  lines.push(['ER', '']);
  return lines.map(([tag, value]) => `${tag}  - ${value}\r\n`).join('');
}

// ---- CSL-JSON --------------------------------------------------------------------------

/** A CSL item (citeproc's input schema, csl-data.json): a preprint is type "article". */
export function cslItem(paper: CitedPaper, hubUrl: string): Record<string, unknown> {
  const date = issued(paper);
  const arxiv = isArxiv(paper);
  return {
    id: arxiv ? `arXiv:${paper.id}` : paper.id,
    type: 'article',
    title: flat(paper.title),
    author: paper.authors.map((name) => {
      const { family, given } = splitName(name);
      return given ? { family, given } : { literal: family };
    }),
    ...(date ? { issued: { 'date-parts': [date] } } : {}),
    ...(paper.abstract ? { abstract: flat(paper.abstract) } : {}),
    ...(arxiv ? { publisher: 'arXiv', number: `arXiv:${paper.id}` } : {}),
    ...(paper.doi ? { DOI: paper.doi } : {}),
    ...(paper.journalRef ? { note: flat(paper.journalRef) } : {}),
    URL: paperUrl(paper, hubUrl),
  };
}
