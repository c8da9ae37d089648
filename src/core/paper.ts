/**
 * The domain paper and its few projections. A `Paper` is what is stored: the facts sources
 * gave (`PaperFacts`, the part ingestion may change) and what the community added. A
 * `PaperRecord` is the import record a source delivers before it meets what is stored. A
 * `ListedPaper` is a paper with its place in the daily feeds, as lists show it; a `FeedItem`
 * is one on a feed page, where every paper has a place.
 */

/** A paper as stored, with what the community added to it. */
export interface Paper extends PaperFacts {
  /** The source's count plus the members' votes (src/store/papers.ts, derivedUpvotes). */
  upvotes: number;
  /** Visible comments, re-derived by each community write (src/social/engagement.ts). */
  numComments: number;
  createdAt: string;
}

/**
 * The stored facts about a paper that ingestion may change: a record without its feed
 * placement, with upvotes counted (a source that has none counts zero). `source` is the
 * strongest source that has spoken about the paper's text.
 */
export type PaperFacts = Omit<PaperRecord, 'feed' | 'sourceUpvotes'> & { sourceUpvotes: number };

/** How a paper got onto a day's feed: a paper has at most one place in the feeds. */
export interface FeedEntry {
  day: string;
  source: FeedSource;
  rank: number | null;
  submittedBy: string | null;
  createdAt: string;
}

/** A paper with its feed entry, or with none when it is on no feed (a search result). */
export interface ListedPaper {
  paper: Paper;
  entry: FeedEntry | null;
}

/** A paper on a feed page. */
export interface FeedItem extends ListedPaper {
  entry: FeedEntry;
}

/** A paper as the keyword index reads it: the search document. */
export interface SearchDocument {
  /** The paper's index key (papers.doc_id). */
  docId: number;
  title: string;
  abstract: string | null;
  authors: string[];
  categories: string[];
  publishedAt: string | null;
  /** Whether the paper links a code repository (the has-code filter). */
  hasCode: boolean;
}

/**
 * A paper as every ingestion path delivers it, before it meets the store.
 * Fields a source does not know are null, so merging keeps what another source said.
 */
export interface PaperRecord {
  /** arXiv id without version (`2401.12345`, `hep-th/9901001`), or a corpus's own id (BEIR `_id`). */
  id: string;
  /** Latest arXiv version number the source knows, e.g. 3 for `v3`. */
  version: number | null;
  title: string;
  abstract: string | null;
  authors: string[];
  categories: string[];
  primaryCategory: string | null;
  /** ISO 8601 instant of the first version. */
  publishedAt: string | null;
  /** ISO 8601 instant of the latest version. */
  updatedAt: string | null;
  comment: string | null;
  journalRef: string | null;
  doi: string | null;
  githubRepo: string | null;
  projectPage: string | null;
  /** Upvotes counted at the source (Hugging Face); null when the source has none. */
  sourceUpvotes: number | null;
  /** Day (YYYY-MM-DD) arXiv announced the paper, when the source says so; feed rules use it. */
  listedOn: string | null;
  /** Set when the source is itself a curated daily feed (Hugging Face). */
  feed: FeedPlacement | null;
  /** Which kind of source said this: it decides whose text wins (src/core/paper-merge.ts). */
  source: MetadataSource;
  /** Hugging Face's machine summary and keywords; null and [] where no source gave them. */
  aiSummary: string | null;
  aiKeywords: string[];
  /** The organisation Hugging Face credits the paper to. */
  organization: Organization | null;
  githubStars: number | null;
}

/**
 * arXiv is the authority for a paper's text (title, authors and their order, abstract,
 * categories, versions); Hugging Face adds community facts; any other file (a BEIR corpus)
 * says least.
 */
export type MetadataSource = 'arxiv' | 'hf' | 'other';

export interface Organization {
  name: string;
  fullname: string | null;
  avatarUrl: string | null;
}

export interface FeedPlacement {
  day: string;
  rank: number | null;
  submittedBy: string | null;
  /** The instant the source says the paper entered its feed (Hugging Face's submittedOnDailyAt). */
  submittedAt?: string | null;
}

export type FeedSource = 'submitted' | 'curated' | 'rule' | 'hf';

/** What a parser yields for each record of its input: a paper, or the reason it was refused. */
export type ParsedItem = { kind: 'record'; at: number; record: PaperRecord } | { kind: 'rejected'; at: number; reason: string };

/** Fills the fields a source does not provide, so parsers state only what they know. */
export function paperRecord(fields: Pick<PaperRecord, 'id' | 'title'> & Partial<PaperRecord>): PaperRecord {
  return {
    version: null,
    abstract: null,
    authors: [],
    categories: [],
    primaryCategory: fields.categories?.[0] ?? null,
    publishedAt: null,
    updatedAt: null,
    comment: null,
    journalRef: null,
    doi: null,
    githubRepo: null,
    projectPage: null,
    sourceUpvotes: null,
    listedOn: null,
    feed: null,
    source: 'other',
    aiSummary: null,
    aiKeywords: [],
    organization: null,
    githubStars: null,
    ...fields,
  };
}
