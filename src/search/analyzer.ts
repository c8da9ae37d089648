import { porterStem } from './porter-stemmer.ts';

/*
 * How text becomes index terms, shared by indexing, querying and highlighting so that a
 * highlighted word is exactly a word the index matched. Like SQLite's unicode61 tokenizer:
 * a token is a run of letters and digits; case and diacritics are folded; then Porter
 * stemming for plain ASCII words.
 */

/** A word of the original text and the term it indexes as. */
export interface Token {
  /** The folded, stemmed term. */
  term: string;
  /** UTF-16 offsets of the word in the original text. */
  start: number;
  end: number;
}

// Letters, digits and private-use characters start a token; combining marks may follow.
const WORD = /[\p{L}\p{N}\p{Co}][\p{L}\p{N}\p{M}\p{Co}]*/gu;
const ASCII_WORD = /^[a-z0-9]+$/;
const MARKS = /\p{M}/gu;

/** Longer tokens (URLs run together, sequences, one 250-letter query word) are never indexed. */
export const MAX_TERM_LENGTH = 64;

// Lucene's English stop words: too common to tell papers apart, so neither indexed in
// titles and abstracts nor searched for as words (phrases still contain them).
export const STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(
    ' ',
  ),
);

// Folding and stemming dominate indexing time; words repeat, so remember them.
const termCache = new Map<string, string>();
const TERM_CACHE_LIMIT = 500_000;

/** The index term of one word as written: folded, then stemmed when it is plain ASCII. */
export function termOf(word: string): string {
  const cached = termCache.get(word);
  if (cached !== undefined) return cached;
  const folded = fold(word);
  const term = ASCII_WORD.test(folded) ? porterStem(folded) : folded;
  if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
  termCache.set(word, term);
  return term;
}

/** Lower case without diacritics: "Schrödinger" → "schrodinger", "Æ" stays a letter. */
export function fold(word: string): string {
  const lower = word.toLowerCase();
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(lower) ? lower : lower.normalize('NFD').replace(MARKS, '').normalize('NFC');
}

/** Every word of the text with its offsets, stop words included (highlighting and phrases need them). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // ASCII text (most of it) is lower-cased first, which keeps every offset: its words are then
  // the ones the index was built from, whose terms termOf remembers, and split on a plain class.
  const ascii = ASCII_TEXT.test(text);
  for (const match of (ascii ? text.toLowerCase() : text).matchAll(ascii ? ASCII_WORDS : WORD)) {
    const word = match[0];
    if (word.length > MAX_TERM_LENGTH) continue;
    tokens.push({ term: termOf(word), start: match.index, end: match.index + word.length });
  }
  return tokens;
}

// Splitting whole fields is far faster than matching word by word; ASCII text (most of
// it) splits on a plain class. Either way a word is what WORD matches: fold() drops the
// combining marks a Unicode split may leave at a word's start.
// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
const ASCII_TEXT = /^[\x00-\x7f]*$/;
const ASCII_SEPARATORS = /[^a-z0-9]+/;
const ASCII_WORDS = /[a-z0-9]+/g;
const SEPARATORS = /[^\p{L}\p{N}\p{M}\p{Co}]+/u;

/**
 * Calls back once per word of the text, in order, lower-cased (not yet folded or stemmed):
 * the allocation-light path for indexing a corpus. Stop words are skipped when asked
 * (titles, abstracts, queries) and kept otherwise (author names: "An", "Will").
 */
export function forEachWord(text: string, skipStopWords: boolean, visit: (word: string) => void): void {
  const lower = text.toLowerCase();
  const parts = lower.split(ASCII_TEXT.test(lower) ? ASCII_SEPARATORS : SEPARATORS);
  for (const word of parts) {
    if (word === '' || word.length > MAX_TERM_LENGTH) continue;
    if (skipStopWords && STOP_WORDS.has(word)) continue;
    visit(word);
  }
}

/** Calls back once per index term of the text, in order. */
export function forEachTerm(text: string, skipStopWords: boolean, visit: (term: string) => void): void {
  forEachWord(text, skipStopWords, (word) => {
    const term = termOf(word);
    if (term !== '') visit(term);
  });
}

/** The terms a piece of query text searches for (stop words dropped). */
export function queryTerms(text: string): string[] {
  const terms: string[] = [];
  forEachTerm(text, true, (term) => terms.push(term));
  return terms;
}
