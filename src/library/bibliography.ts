/**
 * Reads the BibTeX and RIS files reference managers export (Zotero, Mendeley, Google
 * Scholar) into entries: a title and the arXiv id the entry carries anywhere (an `eprint`
 * or `arxiv` field, an arXiv URL, `arXiv:` id or arXiv DOI in any field). Tolerant: an entry
 * that cannot be read is reported with its line and skipped; the others are kept. Pure.
 */
import { parseArxivId } from '../core/arxiv-id.ts';

export interface BibliographyEntry {
  /** 1-based line where the entry starts. */
  line: number;
  /** The title as plain text (TeX markup undone), or null when the entry has none. */
  title: string | null;
  /** The arXiv id without version, when the entry names one. */
  arxivId: string | null;
}

export interface BrokenEntry {
  line: number;
  /** What is wrong, in words. */
  reason: string;
}

export interface Bibliography {
  format: 'bibtex' | 'ris';
  entries: BibliographyEntry[];
  broken: BrokenEntry[];
}

/** Reads a file of either format: RIS when a line starts with `TY  - `, else BibTeX. */
export function parseBibliography(text: string): Bibliography {
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return /^TY {2}- /m.test(clean) ? parseRis(clean) : parseBibtex(clean);
}

// arXiv ids wherever an entry mentions them: URLs, `arXiv:` prefixes, arXiv's DOIs.
const ARXIV_TRACES = [
  /arxiv\.org\/(?:abs|pdf|html)\/([a-z-]+(?:\.[A-Z]{2})?\/\d{7}|\d{4}\.\d{4,5})/i,
  /\barxiv:\s*([a-z-]+(?:\.[A-Z]{2})?\/\d{7}|\d{4}\.\d{4,5})/i,
  /10\.48550\/arxiv\.(\d{4}\.\d{4,5})/i,
];

function arxivTrace(text: string): string | null {
  for (const pattern of ARXIV_TRACES) {
    const found = pattern.exec(text)?.[1];
    const id = found ? parseArxivId(found)?.id : null;
    if (id) return id;
  }
  return null;
}

// ---- BibTeX ----------------------------------------------------------------------------

const NON_ENTRIES = new Set(['comment', 'preamble', 'string']);

function parseBibtex(text: string): Bibliography {
  const entries: BibliographyEntry[] = [];
  const broken: BrokenEntry[] = [];
  // Each `@` at the start of a line begins an entry; a broken one cannot swallow the next.
  const lines = text.split('\n');
  const starts: number[] = [];
  lines.forEach((line, i) => {
    if (/^\s*@/.test(line)) starts.push(i);
  });
  if (starts.length === 0 && text.trim() !== '') {
    broken.push({ line: 1, reason: 'no BibTeX entry (@type{key, …}) or RIS record (TY  - …) found' });
  }
  starts.forEach((start, n) => {
    const chunk = lines.slice(start, starts[n + 1] ?? lines.length).join('\n');
    const result = bibtexEntry(chunk);
    if (result === null) return;
    if ('reason' in result) broken.push({ line: start + 1, reason: result.reason });
    else entries.push({ line: start + 1, ...result });
  });
  return { format: 'bibtex', entries, broken };
}

/** One `@type{key, field = value, …}`; null for @comment, @preamble and @string. */
function bibtexEntry(chunk: string): { title: string | null; arxivId: string | null } | { reason: string } | null {
  const head = /^\s*@\s*([A-Za-z]+)\s*([{(])/.exec(chunk);
  if (!head) return { reason: 'expected @type{ at the start of the entry' };
  const type = head[1]!.toLowerCase();
  if (NON_ENTRIES.has(type)) return null;
  const close = head[2] === '{' ? '}' : ')';
  let at = head[0].length;
  const keyEnd = chunk.indexOf(',', at);
  if (keyEnd < 0) return { reason: `@${type} entry has no key followed by a comma` };
  at = keyEnd + 1;
  const fields = new Map<string, string>();
  for (;;) {
    at = skipSpace(chunk, at);
    if (chunk[at] === close) break;
    if (at >= chunk.length) return { reason: `@${type} entry is not closed with "${close}"` };
    const name = /^([A-Za-z][\w:.+-]*)\s*=\s*/.exec(chunk.slice(at));
    if (!name) return { reason: `@${type} entry: expected a field name and "=" near "${chunk.slice(at, at + 20).trim()}"` };
    at += name[0].length;
    const value = bibtexValue(chunk, at);
    if ('reason' in value) return { reason: `@${type} entry, field ${name[1]}: ${value.reason}` };
    fields.set(name[1]!.toLowerCase(), value.text);
    at = skipSpace(chunk, value.end);
    if (chunk[at] === ',') at += 1;
    else if (at >= chunk.length) return { reason: `@${type} entry is not closed with "${close}"` };
    else if (chunk[at] !== close) return { reason: `@${type} entry: expected "," or "${close}" after field ${name[1]}` };
  }
  const title = fields.get('title');
  const eprint = fields.get('eprint') ?? fields.get('arxiv') ?? fields.get('arxivid');
  const arxivId = (eprint ? parseArxivId(eprint)?.id : null) ?? arxivTrace([...fields.values()].join('\n'));
  return { title: title ? plainTitle(title) : null, arxivId };
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at]!)) at += 1;
  return at;
}

/** A value: `{…}` (balanced), `"…"`, a bare word or number, joined by `#`. */
function bibtexValue(text: string, start: number): { text: string; end: number } | { reason: string } {
  let at = start;
  let value = '';
  for (;;) {
    at = skipSpace(text, at);
    const c = text[at];
    if (c === '{' || c === '"') {
      let depth = 0;
      let end = -1;
      for (let i = at + (c === '"' ? 1 : 0); i < text.length; i += 1) {
        const ch = text[i];
        if (ch === '\\') i += 1;
        else if (ch === '{') depth += 1;
        else if (ch === '}') {
          depth -= 1;
          if (depth === 0 && c === '{') {
            end = i;
            break;
          }
          if (depth < 0) return { reason: 'a "}" closes nothing' };
        } else if (ch === '"' && c === '"' && depth === 0) {
          end = i;
          break;
        }
      }
      if (end < 0) return { reason: c === '{' ? 'a "{" is never closed' : 'a quote is never closed' };
      value += text.slice(at + 1, end);
      at = end + 1;
    } else {
      const bare = /^[\w.:/-]+/.exec(text.slice(at));
      if (!bare) return { reason: 'expected a value in {braces}, "quotes" or a bare word' };
      value += bare[0];
      at += bare[0].length;
    }
    const next = skipSpace(text, at);
    if (text[next] !== '#') return { text: value, end: at };
    at = next + 1;
  }
}

// TeX accents as Unicode combining marks: {\"u} → ü, \'{e} → é, \c{c} → ç.
const ACCENTS: Record<string, string> = {
  '"': '\u0308',
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  c: '\u0327',
  v: '\u030C',
  u: '\u0306',
};

/** A title as plain text: accents composed, escapes undone, commands and braces dropped. */
export function plainTitle(tex: string): string {
  return tex
    .replace(/\\(["'`^~=.]|[cvu](?=[\s{]))\s*\{?([A-Za-z])\}?/g, (_, accent: string, letter: string) => letter + ACCENTS[accent])
    .replace(/\\([&%$#_{}])/g, '$1')
    .replace(/\\[A-Za-z]+\s*/g, '')
    .replace(/[{}]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC');
}

// ---- RIS -------------------------------------------------------------------------------

function parseRis(text: string): Bibliography {
  const entries: BibliographyEntry[] = [];
  const broken: BrokenEntry[] = [];
  let open: { line: number; tags: [string, string][] } | null = null;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const tagged = /^([A-Z][A-Z0-9]) {2}-(?: (.*))?$/.exec(raw.trimEnd());
    if (!tagged) {
      if (raw.trim() === '') return;
      // A line without a tag continues the previous value (some exporters wrap abstracts).
      if (open && open.tags.length > 0) open.tags[open.tags.length - 1]![1] += ` ${raw.trim()}`;
      else broken.push({ line: i + 1, reason: 'text outside a record (records start with "TY  - ")' });
      return;
    }
    const [, tag, value = ''] = tagged as unknown as [string, string, string | undefined];
    if (tag === 'TY') {
      if (open) broken.push({ line: open.line, reason: 'record has no "ER  - " before the next "TY  - "' });
      open = { line: i + 1, tags: [] };
    } else if (!open) {
      broken.push({ line: i + 1, reason: `tag ${tag} outside a record (records start with "TY  - ")` });
    } else if (tag === 'ER') {
      entries.push({ line: open.line, ...risEntry(open.tags) });
      open = null;
    } else {
      open.tags.push([tag, value.trim()]);
    }
  });
  if (open) broken.push({ line: (open as { line: number }).line, reason: 'record is not closed with "ER  - "' });
  return { format: 'ris', entries, broken };
}

function risEntry(tags: [string, string][]): { title: string | null; arxivId: string | null } {
  const title = tags.find(([tag]) => tag === 'TI' || tag === 'T1')?.[1] ?? null;
  return { title: title ? title.replace(/\s+/g, ' ').trim() : null, arxivId: arxivTrace(tags.map(([, v]) => v).join('\n')) };
}
