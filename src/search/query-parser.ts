import { parseArxivId } from '../core/arxiv-id.ts';

/**
 * A search box query as the researcher meant it. Every piece is raw text: the analyzer
 * turns pieces into index terms, so syntax characters never reach a database or an index
 * as anything but the words around them.
 */
export interface ParsedQuery {
  /** Set when the whole query names one paper: `2401.12345`, `arXiv:2401.12345v2`, an arxiv.org URL. */
  arxivId: string | null;
  /** Free words, ranked by relevance; a paper needs at least one of them (or a phrase). */
  words: string[];
  /** `"exact phrase"`: every paper in the results contains each, words adjacent and in order. */
  phrases: string[];
  /** `-word`: papers containing it are left out. */
  excludedWords: string[];
  /** `-"some phrase"`: papers containing it are left out. */
  excludedPhrases: string[];
  /** `author:Name` / `author:"First Last"`: some author's name contains all of these words. */
  authors: string[];
}

// Typographic quotes count as quotes: people paste them from papers and word processors.
const QUOTES = /[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033]/g;
const AUTHOR_PREFIX = /^author:/i;

function isSpace(ch: string): boolean {
  // Whitespace and control characters separate pieces; neither can be part of a word.
  return /[\s\p{Cc}]/u.test(ch);
}

/** Reads a query; never fails: what is not syntax is words, and lone quotes are ignored. */
export function parseQuery(input: string): ParsedQuery {
  const query: ParsedQuery = { arxivId: null, words: [], phrases: [], excludedWords: [], excludedPhrases: [], authors: [] };
  const text = input.replace(QUOTES, '"');
  const id = parseArxivId(text);
  if (id) {
    query.arxivId = id.id;
    return query;
  }

  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (isSpace(ch)) {
      i++;
      continue;
    }
    const rest = text.slice(i);
    if (AUTHOR_PREFIX.test(rest) && i + 7 < text.length && !isSpace(text[i + 7]!)) {
      const value = readValue(text, i + 7);
      if (value.text.trim()) query.authors.push(value.text);
      i = value.end;
      continue;
    }
    if (ch === '-' && i + 1 < text.length && !isSpace(text[i + 1]!) && (i === 0 || isSpace(text[i - 1]!))) {
      const value = readValue(text, i + 1);
      if (value.quoted) query.excludedPhrases.push(value.text);
      else query.excludedWords.push(value.text);
      i = value.end;
      continue;
    }
    if (ch === '"') {
      const close = text.indexOf('"', i + 1);
      if (close === -1) {
        i++; // a lone quote is punctuation
        continue;
      }
      query.phrases.push(text.slice(i + 1, close));
      i = close + 1;
      continue;
    }
    const value = readBare(text, i);
    query.words.push(value.text);
    i = value.end;
  }
  return query;
}

/** A quoted value when a closing quote follows, else a bare run up to whitespace. */
function readValue(text: string, start: number): { text: string; end: number; quoted: boolean } {
  if (text[start] === '"') {
    const close = text.indexOf('"', start + 1);
    if (close !== -1) return { text: text.slice(start + 1, close), end: close + 1, quoted: true };
    return { ...readBare(text, start + 1), quoted: false };
  }
  return { ...readBare(text, start), quoted: false };
}

function readBare(text: string, start: number): { text: string; end: number } {
  let end = start;
  while (end < text.length && !isSpace(text[end]!) && text[end] !== '"') end++;
  return { text: text.slice(start, end), end };
}
