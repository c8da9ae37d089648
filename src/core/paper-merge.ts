import { authorNames } from './author-names.ts';
import { codeLinksIn } from './code-links.ts';
import type { MetadataSource, PaperFacts, PaperRecord } from './paper.ts';

/** Whose word counts more about a paper's text. */
const AUTHORITY: Record<MetadataSource, number> = { other: 0, hf: 1, arxiv: 2 };

/**
 * The text arXiv is the authority for. A stronger source's values replace a weaker one's; a
 * weaker source only fills what is still empty; the same source replaces unless its record
 * is about an older version than the stored one.
 */
const TEXT: (keyof PaperFacts)[] = [
  'title',
  'abstract',
  'authors',
  'categories',
  'primaryCategory',
  'comment',
  'journalRef',
  'doi',
];

/** What Hugging Face adds: its latest word wins, and a source that says nothing erases nothing. */
const ADDED: (keyof PaperFacts)[] = ['githubRepo', 'projectPage', 'aiSummary', 'aiKeywords', 'organization', 'githubStars'];

/**
 * Combines what is stored with what a source now says, so that the result does not depend on
 * which source came first (HF then arXiv, or arXiv then HF). Dates keep the earliest
 * publication and latest update. Links a source states (Hugging Face's githubRepo) win over
 * links read from the paper's comments or abstract, which only fill what is empty.
 */
export function mergePaper(stored: PaperFacts | null, record: PaperRecord): PaperFacts {
  const incoming = statedFacts(record);
  if (!stored) return factsOf(record);
  const rank = AUTHORITY[record.source] - AUTHORITY[stored.source];
  const olderVersion = stored.version !== null && record.version !== null && record.version < stored.version;
  const merged: PaperFacts = { ...stored };
  const set = (key: keyof PaperFacts, value: unknown) => ((merged as unknown as Record<string, unknown>)[key] = value);
  for (const key of TEXT) {
    const value = incoming[key];
    if (isEmpty(value)) continue;
    if (rank < 0 && !isEmpty(merged[key])) continue;
    if (rank === 0 && olderVersion) continue;
    set(key, value);
  }
  for (const key of ADDED) {
    if (!isEmpty(incoming[key])) set(key, incoming[key]);
  }
  if (rank > 0) merged.source = record.source;
  merged.version = maxNullable(stored.version, incoming.version);
  merged.publishedAt = minNullable(stored.publishedAt, incoming.publishedAt);
  merged.updatedAt = maxNullable(stored.updatedAt, incoming.updatedAt);
  merged.listedOn = minNullable(stored.listedOn, incoming.listedOn);
  if (record.sourceUpvotes !== null) merged.sourceUpvotes = record.sourceUpvotes;
  return withLinksFromText(merged);
}

/** What a record alone says: its facts as a paper's first record stores them. */
export function factsOf(record: PaperRecord): PaperFacts {
  return withLinksFromText(statedFacts(record));
}

/**
 * Every stored paper has a publication date so date order and cursors are total; a source
 * without one (a BEIR corpus, a bare HF listing) gets its listing or feed day until a
 * source with the real date arrives (merging keeps the earliest).
 */
export function withPublicationDate(facts: PaperFacts, record: PaperRecord, now: Date): PaperFacts {
  if (facts.publishedAt) return facts;
  const day = facts.listedOn ?? record.feed?.day;
  return { ...facts, publishedAt: day ? `${day}T00:00:00.000Z` : now.toISOString() };
}

/**
 * Facts stored before these rules, brought up to them: author lists written as text are split
 * into names and links are read from the comments and abstract (`dailypapers reindex`).
 */
export function repairFacts(facts: PaperFacts): PaperFacts {
  return withLinksFromText({ ...facts, authors: authorNames(facts.authors) });
}

/** What a record says, its author list read into names. */
function statedFacts(record: PaperRecord): PaperFacts {
  const { feed: _feed, sourceUpvotes, ...facts } = record;
  return {
    ...facts,
    authors: authorNames(record.authors),
    primaryCategory: record.primaryCategory ?? record.categories[0] ?? null,
    sourceUpvotes: sourceUpvotes ?? 0,
  };
}

function withLinksFromText(facts: PaperFacts): PaperFacts {
  if (facts.githubRepo && facts.projectPage) return facts;
  const found = codeLinksIn(facts.comment, facts.abstract);
  return { ...facts, githubRepo: facts.githubRepo ?? found.githubRepo, projectPage: facts.projectPage ?? found.projectPage };
}

export function sameFacts(a: PaperFacts, b: PaperFacts): boolean {
  return (Object.keys(a) as (keyof PaperFacts)[]).every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

function isEmpty(value: unknown): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function maxNullable<T extends string | number>(a: T | null, b: T | null): T | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

function minNullable<T extends string | number>(a: T | null, b: T | null): T | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}
