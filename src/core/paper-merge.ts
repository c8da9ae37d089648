import type { PaperFacts, PaperRecord } from './paper.ts';

const VERSIONED: (keyof PaperFacts)[] = [
  'title',
  'abstract',
  'authors',
  'categories',
  'primaryCategory',
  'comment',
  'journalRef',
  'doi',
];

/**
 * Combines what is stored with what a source now says. A record about an older version
 * than the stored one cannot overwrite the versioned text; fields a source leaves empty
 * keep what another source said; dates keep the earliest publication and latest update.
 */
export function mergePaper(stored: PaperFacts | null, record: PaperRecord): PaperFacts {
  const incoming = factsOf(record);
  if (!stored) return incoming;
  const olderVersion = stored.version !== null && record.version !== null && record.version < stored.version;
  const merged: PaperFacts = { ...stored };
  for (const key of VERSIONED) {
    if (olderVersion) continue;
    const value = incoming[key];
    if (value === null || (Array.isArray(value) && value.length === 0) || value === '') continue;
    (merged as unknown as Record<string, unknown>)[key] = value;
  }
  merged.version = maxNullable(stored.version, incoming.version);
  merged.publishedAt = minNullable(stored.publishedAt, incoming.publishedAt);
  merged.updatedAt = maxNullable(stored.updatedAt, incoming.updatedAt);
  merged.listedOn = minNullable(stored.listedOn, incoming.listedOn);
  merged.githubRepo = incoming.githubRepo ?? stored.githubRepo;
  merged.projectPage = incoming.projectPage ?? stored.projectPage;
  if (record.sourceUpvotes !== null) merged.sourceUpvotes = record.sourceUpvotes;
  return merged;
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

export function factsOf(record: PaperRecord): PaperFacts {
  return {
    id: record.id,
    version: record.version,
    title: record.title,
    abstract: record.abstract,
    authors: record.authors,
    categories: record.categories,
    primaryCategory: record.primaryCategory ?? record.categories[0] ?? null,
    publishedAt: record.publishedAt,
    updatedAt: record.updatedAt,
    comment: record.comment,
    journalRef: record.journalRef,
    doi: record.doi,
    githubRepo: record.githubRepo,
    projectPage: record.projectPage,
    sourceUpvotes: record.sourceUpvotes ?? 0,
    listedOn: record.listedOn,
  };
}

export function sameFacts(a: PaperFacts, b: PaperFacts): boolean {
  return (Object.keys(a) as (keyof PaperFacts)[]).every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
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
