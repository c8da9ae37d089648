/**
 * What one search may spend, what it spent, and how it shares the CPU while spending it.
 *
 * A search's cost is counted in the units that make it expensive: postings of scored terms
 * read, candidates whose term positions are tested against a phrase, rows read and checked
 * against the text, characters highlighted. Past a limit the search takes a cheaper plan
 * (the rarest terms only, no more candidates, plain text) and its answer says it is partial
 * where the matches may be incomplete. The limits sit far above what ordinary queries need:
 * they are for the costliest queries the language allows (long OR lists of common words,
 * phrases of common words, deep pages).
 */
export interface SearchBudget {
  /** Postings of scored terms read; past it only the rarest terms are scored. */
  scoredPostings: number;
  /** Candidates whose term positions are tested against the query's phrases. */
  positionTests: number;
  /**
   * Up to this many candidates are all tested against the phrases before ranking; more are
   * tested as the page reaches them, best first (search.ts possiblePhrasesInSlices).
   */
  phraseTestsUpFront: number;
  /** Candidates whose rows are read and checked against the query's text (phrases, author names). */
  textChecks: number;
  /** Characters of titles and abstracts highlighted; the rest of the page is left plain. */
  highlightedChars: number;
}

export const DEFAULT_SEARCH_BUDGET: SearchBudget = Object.freeze({
  // "large language models for data" reads about 150,000; a 23-word OR list of the commonest words 600,000.
  scoredPostings: 250_000,
  // Every paper with "model" (61,000 of 75,000) is about 15 ms of position tests.
  positionTests: 40_000,
  // One chunk: about 3 ms of reads when the candidates are spread over a million papers' positions.
  phraseTestsUpFront: 2_048,
  // About 0.3 ms each: rows read from the store and tokenized.
  textChecks: 200,
  // The API's largest page (120) of the longest arXiv titles and abstracts (about 2,100 characters):
  // only text longer than arXiv allows (imported from elsewhere) goes past it.
  highlightedChars: 260_000,
});

/** What a search spent, in the budget's units. */
export interface SearchWork {
  scoredPostings: number;
  /** Terms of the query left unscored because the budget would not cover them. */
  termsDropped: number;
  positionTests: number;
  textChecks: number;
  highlightedChars: number;
}

export function noWork(): SearchWork {
  return { scoredPostings: 0, termsDropped: 0, positionTests: 0, textChecks: 0, highlightedChars: 0 };
}

/** How long a search runs before it lets the event loop take other requests. */
export const SLICE_MS = 2;

/**
 * Time slices for a long piece of work: `pause()` costs nothing until a slice is used up,
 * then waits one turn of the event loop, so a page request arriving meanwhile waits behind
 * at most one slice of this search.
 */
export class WorkSlices {
  private sliceStarted = performance.now();

  constructor(private readonly sliceMs: number = SLICE_MS) {}

  async pause(): Promise<void> {
    if (performance.now() - this.sliceStarted < this.sliceMs) return;
    await nextTurn();
    this.sliceStarted = performance.now();
  }
}

/**
 * Lets the event loop take other requests before going on. A search is mostly synchronous
 * work (and every SQLite call answers at once), so without this one search would run from
 * start to end while every page waits behind it, and limits on searches running at once
 * would never see more than one.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
