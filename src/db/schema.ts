import type { Generated } from 'kysely';

/** Table types as Kysely sees them. Dates are ISO 8601 text so one query code base serves both dialects. */
export interface Database {
  papers: PapersTable;
  feed_entries: FeedEntriesTable;
  ingest_state: IngestStateTable;
  job_leases: JobLeasesTable;
}

export interface PapersTable {
  /** Integer key for search indexes (FTS5 rowid); stable across VACUUM because it is declared. */
  doc_id: Generated<number>;
  id: string;
  version: number | null;
  title: string;
  abstract: string | null;
  /** JSON array of author names, in order. */
  authors: string;
  /** JSON array of categories, primary first. */
  categories: string;
  primary_category: string | null;
  published_at: string | null;
  updated_at: string | null;
  comment: string | null;
  journal_ref: string | null;
  doi: string | null;
  github_repo: string | null;
  project_page: string | null;
  source_upvotes: number;
  /** Source upvotes plus local votes: what feeds sort by. */
  upvotes: number;
  listed_on: string | null;
  created_at: string;
  changed_at: string;
}

export interface FeedEntriesTable {
  paper_id: string;
  day: string;
  source: string;
  rank: number | null;
  submitted_by: string | null;
  created_at: string;
}

export interface IngestStateTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface JobLeasesTable {
  name: string;
  holder: string;
  expires_at: string;
}
