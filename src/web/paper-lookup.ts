import { parseArxivId } from '../core/arxiv-id.ts';
import type { Store } from '../db/connect.ts';
import type { Paper } from '../core/paper.ts';
import type { Role } from '../db/schema.ts';
import { isModerator } from '../social/roles.ts';
import { paperHidden } from '../store/moderation.ts';
import { getPaper } from '../store/papers.ts';

/** What an id from a URL names: a stored paper (asked for by its canonical id or not), or nothing. */
export type PaperLookup =
  { kind: 'found'; paper: Paper; canonical: boolean } | { kind: 'unknown'; id: string } | { kind: 'unreadable'; input: string };

/**
 * Finds the paper an id names, for the HTML page and the API alike. arXiv ids may come in any
 * form people paste (version, `arXiv:` prefix, abs/pdf URL); other ids (a BEIR corpus's `4983`)
 * are looked up verbatim. `canonical` is false when the input was another form of a stored id,
 * so pages can redirect to the one address each paper has. A paper hidden by a moderator is
 * found only for moderators; to everyone else it is unknown.
 */
export async function lookUpPaper(store: Store, input: string, viewer: { role: Role } | null): Promise<PaperLookup> {
  const parsed = parseArxivId(input);
  const id = parsed?.id ?? input;
  // The two reads at once, not one after the other.
  const [paper, hidden] = await Promise.all([getPaper(store, id), viewer && isModerator(viewer) ? null : paperHidden(store, id)]);
  const withheld = paper !== null && hidden !== null;
  if (paper && !withheld) return { kind: 'found', paper, canonical: id === input };
  return parsed ? { kind: 'unknown', id } : { kind: 'unreadable', input };
}
