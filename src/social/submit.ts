import { ARXIV_ID_HELP, parseArxivId } from '../core/arxiv-id.ts';
import { formatDay } from '../core/dates.ts';
import { factsOf, withPublicationDate } from '../core/paper-merge.ts';
import type { Paper, PaperRecord } from '../core/paper.ts';
import { SourceUnreachable } from '../core/source-unreachable.ts';
import type { Store } from '../db/connect.ts';
import type { User } from '../store/accounts.ts';
import { placeOnFeed } from '../store/feed.ts';
import { getPaper, insertPapers } from '../store/papers.ts';
import { Refusal } from './errors.ts';

/**
 * Looks a paper up at arXiv: its record, null when arXiv does not know the id; throws
 * SourceUnreachable when arXiv cannot be reached. The web layer passes the ingestion client's lookup.
 */
export type ArxivLookup = (id: string) => Promise<PaperRecord | null>;

export interface Submission {
  paper: Paper;
  day: string;
  submittedBy: string | null;
  /** False when the paper was already on a feed: the answer points to that first placement. */
  created: boolean;
}

const WITHDRAWN = /\bwithdrawn\b/i;

/**
 * Puts a paper on today's feed with the member as submitter. Unknown papers are fetched from
 * arXiv first; papers older than `maxAgeDays` are refused with the reason; a paper already on
 * a feed keeps its first placement, which is returned.
 */
export async function submitPaper(
  store: Store,
  submitter: User,
  input: unknown,
  options: { lookup: ArxivLookup; maxAgeDays: number; now: Date },
): Promise<Submission> {
  const recentEnough = (paper: { id: string; publishedAt: string | null }) => {
    const oldest = options.now.getTime() - options.maxAgeDays * 86_400_000;
    if (paper.publishedAt && Date.parse(paper.publishedAt) < oldest) {
      throw new Refusal(
        'invalid',
        `${paper.id} was first published on ${paper.publishedAt.slice(0, 10)}, more than ${options.maxAgeDays} days ago; only recent papers can be submitted`,
      );
    }
  };
  const paper = await indexPaper(store, input, { ...options, accept: recentEnough });
  const placed = await placeOnFeed(
    store.db,
    { paperId: paper.id, day: formatDay(options.now), source: 'submitted', submittedBy: submitter.handle },
    options.now,
    true,
  );
  return { paper, day: placed.day, submittedBy: placed.submittedBy, created: placed.created };
}

/**
 * Makes sure a paper is stored, fetching it from arXiv when it is not; does not feature it.
 * `accept` may refuse the paper (by throwing) before anything is saved.
 */
export async function indexPaper(
  store: Store,
  input: unknown,
  options: { lookup: ArxivLookup; now: Date; accept?: (paper: { id: string; publishedAt: string | null }) => void },
): Promise<Paper> {
  const accept = options.accept ?? (() => {});
  const id = readId(input, options.now);
  const stored = await getPaper(store, id);
  if (stored) {
    accept(stored);
    return stored;
  }
  let record: PaperRecord | null;
  try {
    record = await options.lookup(id);
  } catch (error) {
    // Only arXiv being unreachable is the member's "try again later"; anything else is a bug and surfaces as one.
    if (!(error instanceof SourceUnreachable)) throw error;
    throw new Refusal('unavailable', `arXiv could not be reached to look up ${id}; nothing was saved, please try again later`);
  }
  if (!record) throw new Refusal('not-found', `arXiv has no paper ${id}`);
  if (WITHDRAWN.test(record.comment ?? ''))
    throw new Refusal('invalid', `${id} has been withdrawn by its authors (arXiv comment: "${record.comment}")`);
  accept(record);
  // Stored as a new paper (an import that stored it meanwhile wins); no feed rule applies to a
  // paper fetched on request: only the submission places it.
  await insertPapers(store.db, [withPublicationDate(factsOf(record), record, options.now)], options.now);
  return (await getPaper(store, id))!;
}

function readId(input: unknown, now: Date): string {
  const parsed = typeof input === 'string' ? parseArxivId(input) : null;
  if (!parsed) throw new Refusal('invalid', `"${String(input).slice(0, 100)}" is not an arXiv id: ${ARXIV_ID_HELP}`);
  // New-style ids start with the year and month they were issued: none exist from the future.
  const issued = /^(\d{2})(\d{2})\./.exec(parsed.id);
  if (issued && `20${issued[1]}-${issued[2]}` > formatDay(now).slice(0, 7)) {
    throw new Refusal('invalid', `${parsed.id} cannot exist yet: arXiv has not issued ids for 20${issued[1]}-${issued[2]}`);
  }
  return parsed.id;
}
