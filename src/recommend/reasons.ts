import type { Paper } from '../core/paper.ts';
import { tokenize } from '../search/analyzer.ts';
import type { PositiveSource, Reason } from './model.ts';

/** Words of the profile a "words you read about" reason names. */
const REASON_WORDS = 3;

/** A library paper as a reason names it: its title and how it came into the library. */
const LIBRARY_PAPER: Record<PositiveSource, (title: string) => string> = {
  saved: (title) => `“${title}” you saved`,
  upvoted: (title) => `“${title}” you upvoted`,
  more: (title) => `“${title}”, which you asked more of`,
  given: (title) => `“${title}”, one of your papers`,
};

/** The model's strongest reason for a paper, in words. */
export function reasonInWords(reason: Reason, paper: Pick<Paper, 'title' | 'abstract'>): string {
  switch (reason.kind) {
    case 'like':
      return `like ${LIBRARY_PAPER[reason.positive.source](oneLine(reason.positive.title))}`;
    case 'meaning':
      return `close in meaning to ${LIBRARY_PAPER[reason.positive.source](oneLine(reason.positive.title))}`;
    case 'author':
      if (reason.followed) return `by ${reason.name}, whom you follow`;
      return reason.papers === 1
        ? `by ${reason.name}, an author of one of your papers`
        : `by ${reason.name}, an author of ${reason.papers} of your papers`;
    case 'terms': {
      const words = sharedWords(reason.profile, paper);
      return words.length > 0 ? `words you read about: ${words.join(', ')}` : 'close to the words of your papers';
    }
    case 'category':
      return reason.followed ? `in ${reason.category}, which you follow` : `in ${reason.category}, like many of your papers`;
  }
}

/** The paper's own words for the strongest profile terms it contains, as the paper writes them. */
function sharedWords(profile: readonly string[], paper: Pick<Paper, 'title' | 'abstract'>): string[] {
  const text = `${paper.title}\n${paper.abstract ?? ''}`;
  const written = new Map<string, string>();
  for (const token of tokenize(text)) {
    if (!written.has(token.term)) written.set(token.term, text.slice(token.start, token.end).toLowerCase());
  }
  return profile.flatMap((term) => (written.has(term) ? [written.get(term)!] : [])).slice(0, REASON_WORDS);
}

function oneLine(title: string): string {
  return title.replace(/\s+/g, ' ').trim();
}
