import type { Generated } from 'kysely';
import type { FeedSource } from '../core/paper.ts';

/** Table types as Kysely sees them. Dates are ISO 8601 text so one query code base serves both dialects. */
export interface Database {
  papers: PapersTable;
  feed_entries: FeedEntriesTable;
  ingest_state: IngestStateTable;
  service_state: ServiceStateTable;
  job_leases: JobLeasesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_links: LoginLinksTable;
  login_failures: LoginFailuresTable;
  votes: VotesTable;
  comments: CommentsTable;
  moderation_log: ModerationLogTable;
  trending_categories: TrendingCategoriesTable;
  subscriptions: SubscriptionsTable;
  digest_sends: DigestSendsTable;
  search_state: SearchStateTable;
  search_changes: SearchChangesTable;
  paper_vectors: PaperVectorsTable;
  schema_version: SchemaVersionTable;
  library_items: LibraryItemsTable;
  collections: CollectionsTable;
  collection_items: CollectionItemsTable;
  paper_feedback: PaperFeedbackTable;
  follows: FollowsTable;
  saved_filters: SavedFiltersTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

/** One row: raised by triggers on every change search sees (src/db/search-index.ts). */
export interface SearchStateTable {
  id: number;
  version: number;
}

/** The latest change version of each paper that changed. */
export interface SearchChangesTable {
  doc_id: number;
  version: number;
}

/** Embedding vectors, one per paper and model: little-endian float32. */
export interface PaperVectorsTable {
  doc_id: number;
  model: string;
  dimensions: number;
  vector: Uint8Array;
  /** Of the title and abstract that were embedded. */
  text_hash: string;
  created_at: string;
}

/** One row: how many steps of src/db/migrations.ts the database has run. */
export interface SchemaVersionTable {
  version: number;
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
  /** Which kind of source the text came from: arxiv, hf or other (src/core/paper.ts, MetadataSource). */
  source: Generated<string>;
  ai_summary: string | null;
  /** JSON array of Hugging Face's keywords. */
  ai_keywords: Generated<string>;
  /** JSON `{name, fullname, avatarUrl}` of the organisation Hugging Face credits. */
  organization: string | null;
  github_stars: number | null;
  created_at: string;
  changed_at: string;
  /** Visible, undeleted comments: derived from the comments table on every comment write. */
  num_comments: Generated<number>;
  hidden_at: string | null;
  hidden_reason: string | null;
  /** log2 of decayed engagement in the time-free frame of src/core/trending.ts; null without engagement. */
  engagement_level: number | null;
  /** The ranking key of /papers/trending: engagement level less the weighted category level. */
  trending: number | null;
  /**
   * The paper's latest vote or member's first visible comment; null without either. Kept with
   * the counters on every vote and comment change; the trending list's window reads it
   * (src/store/trending.ts engagedSince).
   */
  engaged_at: string | null;
}

export interface FeedEntriesTable {
  paper_id: string;
  day: string;
  source: FeedSource;
  rank: number | null;
  submitted_by: string | null;
  created_at: string;
}

export interface IngestStateTable {
  key: string;
  value: string;
  updated_at: string;
}

/** Facts the running service records for the other commands (src/store/service-state.ts). */
export interface ServiceStateTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface JobLeasesTable {
  name: string;
  holder: string;
  expires_at: string;
}

export type Role = 'admin' | 'moderator' | 'member';

export interface UsersTable {
  id: Generated<number>;
  /** Lower-cased; one account per address. */
  email: string;
  /** Unique, URL-safe: what `submitter=` and `submittedBy` name. */
  handle: string;
  /** Free text chosen by the member; escaped wherever shown. */
  display_name: string;
  /** argon2id PHC string; null for accounts that only log in by e-mailed link. */
  password_hash: string | null;
  role: Role;
  created_at: string;
  /** When the member proved the address is theirs (by a mailed link); null until then. */
  email_verified_at: string | null;
}

/** Secrets (session ids, API tokens, login links) are stored as SHA-256 hex only. */
export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

export interface LoginLinksTable {
  token_hash: string;
  user_id: number;
  expires_at: string;
  used_at: string | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  /** `account:<email>` or `address:<ip>`. */
  key: string;
  at: string;
}

export interface VotesTable {
  user_id: number;
  paper_id: string;
  created_at: string;
}

export interface CommentsTable {
  id: Generated<number>;
  paper_id: string;
  parent_id: number | null;
  user_id: number;
  /** Markdown as written. */
  text: string;
  /** The Markdown rendered and sanitised at write time. */
  html: string;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  hidden_at: string | null;
  hidden_reason: string | null;
}

export interface ModerationLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  subject_kind: 'paper' | 'comment' | 'user' | 'feed';
  subject_id: string;
  reason: string;
  created_at: string;
}

export interface TrendingCategoriesTable {
  /** A primary category; '' for papers without one. */
  category: string;
  /** log2 of the category's decayed engagement, same frame as papers.engagement_level. */
  level: number;
  computed_at: string;
}

export interface SubscriptionsTable {
  id: Generated<number>;
  /** Normalised: lower case, an internationalised domain in punycode. */
  email: string;
  user_id: number | null;
  frequency: 'daily' | 'weekly';
  /** JSON array of arXiv categories; empty means every category. */
  categories: string;
  query: string | null;
  /** pending → confirmed → unsubscribed; undeliverable after repeated permanent failures. */
  status: 'pending' | 'confirmed' | 'unsubscribed' | 'undeliverable';
  /** Part of every signed link; replaced on each new subscription, retiring older links. */
  nonce: string;
  /** Permanent (5xx) failures in a row; reset by a delivery. */
  permanent_failures: Generated<number>;
  confirmation_sent_at: string | null;
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
  /** A saved filter's digest (one per filter); null for the hub's digest (one per address). */
  filter_id: number | null;
}

export interface DigestSendsTable {
  subscription_id: number;
  /** `daily:YYYY-MM-DD` or `weekly:YYYY-Www`. */
  period: string;
  /** sending (claimed) → sent | retry (temporary failure) | failed (permanent failure) | empty (no paper matched). */
  status: 'sending' | 'sent' | 'retry' | 'failed' | 'empty';
  /** The run that claimed it; a claim whose run has lost its lease is taken over. */
  holder: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  message_id: string | null;
  claimed_at: string;
  sent_at: string | null;
}

/** A paper a member saved, with the member's private note and when they marked it read. */
export interface LibraryItemsTable {
  user_id: number;
  paper_id: string;
  note: string | null;
  read_at: string | null;
  saved_at: string;
}

export interface CollectionsTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  description: Generated<string>;
  /** 1: anyone may read it at /collections/{id} and its feed; 0: only its owner. */
  public: number;
  created_at: string;
  updated_at: string;
}

/** A saved paper in one of its owner's collections (`user_id` is the collection's owner). */
export interface CollectionItemsTable {
  collection_id: number;
  user_id: number;
  paper_id: string;
  added_at: string;
}

/** A member's word on a paper: `more` (more like this) or `less` (not interested); the latest wins. */
export interface PaperFeedbackTable {
  user_id: number;
  paper_id: string;
  kind: 'more' | 'less';
  created_at: string;
}

/** An author or an arXiv category (or archive) a member follows. */
export interface FollowsTable {
  user_id: number;
  kind: 'author' | 'category';
  /** What makes two spellings one follow: an author's name in lower case, a category as it is. */
  key: string;
  /** As the member sees it: the author's name, the category. */
  value: string;
  created_at: string;
}

/** A member's saved filter: its spec as JSON (src/filters/filter-spec.ts). */
export interface SavedFiltersTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  spec: string;
  /** 1: its page and feeds answer anyone; 0: its owner, and feed readers holding the token. */
  public: number;
  /** In the private feed URLs; replacing it retires every old URL. */
  feed_token: string;
  created_at: string;
  updated_at: string;
}

/** Where a member's saved filter is posted each period (src/webhooks). */
export interface WebhooksTable {
  id: Generated<number>;
  user_id: number;
  /** A saved filter of the member's (no foreign key: see src/db/webhook-migrations.ts). */
  filter_id: number;
  format: 'slack' | 'discord' | 'json';
  frequency: 'daily' | 'weekly';
  url: string;
  /** Signs every post (X-Dailypapers-Signature); shown to the member once. */
  secret: string;
  /** Periods in a row whose delivery failed; reset by a delivery. */
  failed_periods: Generated<number>;
  created_at: string;
  disabled_at: string | null;
  disabled_reason: string | null;
}

/** One period's post to one webhook: the log, and the claim that makes it happen once. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  /** `daily:YYYY-MM-DD`, `weekly:YYYY-Www`, or `test:<instant>:<random>` for a test post. */
  period: string;
  /** pending (due at next_attempt_at) → delivered | failed; empty: the filter matched nothing new. */
  status: 'pending' | 'delivered' | 'failed' | 'empty';
  attempts: Generated<number>;
  next_attempt_at: string | null;
  /** A runner is posting it until then; after that another runner may try it again. */
  claimed_until: string | null;
  holder: string | null;
  last_status_code: number | null;
  last_error: string | null;
  /** The document posted (built once, when the period was enqueued); null when empty. */
  payload: string | null;
  created_at: string;
  delivered_at: string | null;
}
