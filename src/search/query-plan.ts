import { forEachTerm, queryTerms, tokenize } from './analyzer.ts';
import type { HighlightTerms } from './highlight.ts';
import type { RequiredTerm, ScoredTerm } from './keyword-index.ts';
import type { ParsedQuery } from './query-parser.ts';

/**
 * A parsed query turned into index terms: what to score, what the index can require or
 * exclude by itself, and what must be checked against the text afterwards (word order in
 * phrases, one author's name holding all the words of an author filter).
 */
export interface QueryPlan {
  scored: ScoredTerm[];
  required: RequiredTerm[];
  excluded: string[];
  /** Term sequences of two or more words that a result must contain, in title, abstract or an author's name. */
  phrases: string[][];
  /** Term sequences a result must not contain. */
  excludedPhrases: string[][];
  /** The same phrases as content terms only (stop words left out), as the index's positions hold them. */
  phraseContent: string[][];
  excludedPhraseContent: string[][];
  /**
   * Per author filter of two or more words, the terms one author's name must all contain. A
   * one-word filter is left out: the index's authors field decides it (a term there is a word
   * of some name, as names are indexed apart), so its papers need no text check.
   */
  authors: string[][];
  highlight: HighlightTerms;
  /** False when the query asks for nothing the index can find: only stop words, symbols or exclusions. */
  searchable: boolean;
}

export function planQuery(parsed: ParsedQuery): QueryPlan {
  const weights = new Map<string, number>();
  const score = (term: string) => weights.set(term, (weights.get(term) ?? 0) + 1);
  const required: RequiredTerm[] = [];
  const excluded: string[] = [];
  const phrases: string[][] = [];
  const excludedPhrases: string[][] = [];
  const phraseContent: string[][] = [];
  const excludedPhraseContent: string[][] = [];
  const authors: string[][] = [];

  for (const word of parsed.words) for (const term of queryTerms(word)) score(term);

  for (const phrase of parsed.phrases) {
    const sequence = tokenize(phrase).map((t) => t.term);
    const content = queryTerms(phrase);
    // A phrase of stop words only ("of the") cannot be looked up; it asks for nothing.
    if (content.length === 0) continue;
    for (const term of content) {
      score(term);
      required.push({ term, field: 'any' });
    }
    if (sequence.length > 1) {
      phrases.push(sequence);
      phraseContent.push(content);
    }
  }

  const exclude = (text: string) => {
    const sequence = tokenize(text).map((t) => t.term);
    const content = queryTerms(text);
    if (content.length === 0) return;
    if (sequence.length === 1) excluded.push(sequence[0]!);
    else {
      excludedPhrases.push(sequence);
      excludedPhraseContent.push(content);
    }
  };
  parsed.excludedWords.forEach(exclude);
  parsed.excludedPhrases.forEach(exclude);

  for (const name of parsed.authors) {
    // Names keep their stop words: "An", "Will" and "Do" are surnames.
    const terms: string[] = [];
    forEachTerm(name, false, (term) => terms.push(term));
    if (terms.length === 0) continue;
    if (terms.length > 1) authors.push(terms);
    for (const term of terms) required.push({ term, field: 'authors' });
  }

  const scored = [...weights].map(([term, weight]) => ({ term, weight }));
  return {
    scored,
    required,
    excluded,
    phrases,
    excludedPhrases,
    phraseContent,
    excludedPhraseContent,
    authors,
    highlight: { terms: new Set(weights.keys()), phrases },
    searchable: scored.length > 0 || required.length > 0,
  };
}

/** Text with the fields a check reads. */
export interface CheckedText {
  title: string;
  abstract: string | null;
  authors: string[];
}

/**
 * A test of whether a result's text satisfies what the index could not check: phrases,
 * author names, excluded phrases. One per search (or filter run): it remembers the terms of
 * the names it has read, since a collaboration's thousands of names come back on paper after
 * paper (tokenizing them again took 50 ms of one author search at a million papers), and
 * reads names only when the title and abstract do not settle a phrase.
 */
export function textCheck(plan: QueryPlan): (fields: CheckedText) => boolean {
  const nameTerms = new Map<string, string[]>();
  const termsOf = (name: string) => {
    let terms = nameTerms.get(name);
    if (terms === undefined) {
      terms = tokenize(name).map((t) => t.term);
      if (nameTerms.size < NAMES_REMEMBERED) nameTerms.set(name, terms);
    }
    return terms;
  };
  // Each wanted name's terms, for the names read so far: a check stops at the last one found.
  const holdsAuthors = (names: string[]) => {
    const pending = new Set(plan.authors);
    for (const name of names) {
      const terms = termsOf(name);
      for (const wanted of pending) if (wanted.every((term) => terms.includes(term))) pending.delete(wanted);
      if (pending.size === 0) return true;
    }
    return false;
  };
  return (fields) => {
    // Names first: an author check fails or passes on the names alone.
    if (plan.authors.length > 0 && !holdsAuthors(fields.authors)) return false;
    if (plan.phrases.length === 0 && plan.excludedPhrases.length === 0) return true;
    // Title and abstract first; the names only for a phrase not found there.
    const texts = [fields.title, fields.abstract ?? ''].map((text) => tokenize(text).map((t) => t.term));
    const contains = (sequence: string[]) =>
      texts.some((terms) => containsSequence(terms, sequence)) ||
      fields.authors.some((name) => containsSequence(termsOf(name), sequence));
    return plan.phrases.every(contains) && !plan.excludedPhrases.some(contains);
  };
}

/** Names whose terms a text check keeps: a few collaborations' lists, a few MB at most. */
const NAMES_REMEMBERED = 20_000;

/** True when the plan leaves checks to satisfiesText. */
export function needsTextCheck(plan: QueryPlan): boolean {
  return plan.phrases.length > 0 || plan.excludedPhrases.length > 0 || plan.authors.length > 0;
}

function containsSequence(terms: string[], sequence: string[]): boolean {
  outer: for (let i = 0; i + sequence.length <= terms.length; i++) {
    for (let j = 0; j < sequence.length; j++) if (terms[i + j] !== sequence[j]) continue outer;
    return true;
  }
  return false;
}
