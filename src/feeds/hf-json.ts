/**
 * Hugging Face–compatible JSON: the shapes huggingface.co's `/api/daily_papers` and
 * `/api/papers/{id}` answer with, so HF's own clients read this service unchanged.
 * Pure functions; the one place a paper object is built, reused by every endpoint.
 */
import { createHash } from 'node:crypto';
import type { FeedSource } from '../core/paper.ts';
import type { FeedEntry, ListedPaper, Paper } from '../core/paper.ts';
import type { HfDailyItem, HfPaper, HfPaperAdditions, HfPaperDetail, HfUser } from './hf-shapes.ts';
import { arxivLinks, safeHttpUrl } from './links.ts';
import { thumbnailPath } from './thumbnail.ts';

export interface HfContext {
  /** Public address of this service (no trailing slash): avatars and thumbnails are absolute. */
  baseUrl: string;
}

/**
 * Who placed an entry when no person did: a bot-like account named after the source, so
 * clients that always expect a user object get one that says where the entry came from.
 */
const AUTOMATIC_SUBMITTER: Record<FeedSource, { name: string; fullname: string }> = {
  rule: { name: 'arxiv', fullname: 'arXiv' },
  hf: { name: 'huggingface', fullname: 'Hugging Face' },
  curated: { name: 'curators', fullname: 'Curators' },
  submitted: { name: 'community', fullname: 'Community' },
};

/** The paper object: `paper` of a daily item, and the body of `/api/papers/{id}`. */
export function hfPaper(paper: Paper, entry: FeedEntry | null, context: HfContext): HfPaper {
  const out: HfPaper = {
    id: paper.id,
    title: paper.title,
    summary: paper.abstract ?? '',
    authors: paper.authors.map((name, position) => ({
      _id: authorId(paper.id, position),
      name,
      hidden: false,
      user: null,
      status: null,
      statusLastChangedAt: null,
    })),
    // The store gives every paper a publication date; the fallback only keeps the type honest.
    publishedAt: paper.publishedAt ?? paper.createdAt,
    upvotes: paper.upvotes,
    // Discussions are per paper here, so the paper id names its discussion.
    discussionId: paper.id,
    ...hfAdditions(paper, context),
  };
  if (entry) {
    out.submittedOnDailyAt = enteredFeedAt(entry);
    out.submittedOnDailyBy = submitterOf(entry, context);
  }
  return out;
}

/** The fields HF's client reads besides the text (HfPaperAdditions), for the paper and its daily item. */
function hfAdditions(paper: Paper, context: HfContext): HfPaperAdditions {
  const { organization } = paper;
  return {
    source: arxivLinks(paper.id) ? 'arxiv' : null,
    // Links that are not http(s) are left out, as on the pages: a client may render them.
    githubRepo: safeHttpUrl(paper.githubRepo),
    githubStars: paper.githubStars,
    projectPage: safeHttpUrl(paper.projectPage),
    ai_summary: paper.aiSummary,
    ai_keywords: paper.aiKeywords,
    organization: organization && {
      name: organization.name,
      fullname: organization.fullname ?? organization.name,
      avatarUrl: safeHttpUrl(organization.avatarUrl) ?? `${context.baseUrl}/static/avatar.svg`,
    },
    linkedModels: [],
    numTotalModels: null,
    linkedDatasets: [],
    numTotalDatasets: null,
    linkedSpaces: [],
  };
}

/**
 * One item of `/api/daily_papers`, and of search results: a paper on no feed gets the same
 * wrapper, dated by its publication and attributed to the arXiv account.
 */
export function hfDailyItem(item: ListedPaper, context: HfContext): HfDailyItem {
  const paper = hfPaper(item.paper, item.entry, context);
  return {
    paper,
    publishedAt: listedAt(item),
    title: paper.title,
    summary: paper.summary,
    // The hub draws every paper's picture (src/feeds/thumbnail.ts): no paper has one from a source.
    thumbnail: `${context.baseUrl}${thumbnailPath(item.paper)}`,
    numComments: numComments(item.paper),
    submittedBy: item.entry ? submitterOf(item.entry, context) : automaticUser('rule', context),
    isAuthorParticipating: false,
    ...hfAdditions(item.paper, context),
  };
}

/** The body of `/api/papers/{id}`: the paper object, its comment count, and comments when asked. */
export function hfPaperDetail(
  paper: Paper,
  entry: FeedEntry | null,
  context: HfContext,
  comments: unknown[] | null,
): HfPaperDetail {
  const detail: HfPaperDetail = { ...hfPaper(paper, entry, context), numComments: numComments(paper) };
  if (comments) detail.comments = comments;
  return detail;
}

/** Every endpoint asks here, so the count has one definition: visible, undeleted comments. */
export function numComments(paper: Paper): number {
  return paper.numComments;
}

/** When a listed paper is dated: its feed entry's instant, else its publication. */
export function listedAt(item: ListedPaper): string {
  return item.entry ? enteredFeedAt(item.entry) : (item.paper.publishedAt ?? item.paper.createdAt);
}

/**
 * When an entry entered its day's feed: the moment it was placed (Hugging Face's own time for
 * a mirrored pick), kept inside its day so the instant always names the feed day, as on
 * Hugging Face. An entry whose moment lies outside its day (a rule placing a paper on its
 * announcement day, a feed imported later without times) shows the day's start, which every
 * client's date, week or month check puts on that day.
 */
export function enteredFeedAt(entry: FeedEntry): string {
  const start = `${entry.day}T00:00:00.000Z`;
  return entry.createdAt.slice(0, 10) === entry.day ? entry.createdAt : start;
}

/** The sources whose entries without a person the API attributes to this account name. */
export function sourcesSubmittedAs(name: string): FeedSource[] {
  return (Object.keys(AUTOMATIC_SUBMITTER) as FeedSource[]).filter((source) => AUTOMATIC_SUBMITTER[source].name === name);
}

/** Who put an entry on the feed: the member, or the account named after the source when no person did. */
export function feedSubmitter(entry: FeedEntry): { name: string; fullname: string; person: boolean } {
  if (entry.submittedBy) return { name: entry.submittedBy, fullname: entry.submittedBy, person: true };
  return { ...(AUTOMATIC_SUBMITTER[entry.source] ?? AUTOMATIC_SUBMITTER.curated), person: false };
}

export function submitterOf(entry: FeedEntry, context: HfContext): HfUser {
  const { name, fullname, person } = feedSubmitter(entry);
  return hfUser(name, fullname, person ? 'user' : 'org', context);
}

function automaticUser(source: FeedSource, context: HfContext): HfUser {
  const bot = AUTOMATIC_SUBMITTER[source];
  return hfUser(bot.name, bot.fullname, 'org', context);
}

function hfUser(name: string, fullname: string, type: HfUser['type'], context: HfContext): HfUser {
  return {
    _id: stableId(`user:${name}`),
    name,
    user: name,
    fullname,
    avatarUrl: `${context.baseUrl}/static/avatar.svg`,
    isPro: false,
    type,
  };
}

/** HF gives authors Mongo ids; ours are derived from paper and position so they never change. */
export function authorId(paperId: string, position: number): string {
  return stableId(`author:${paperId}:${position}`);
}

/** 24 hex characters, the length and alphabet of a Mongo ObjectId. */
function stableId(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 24);
}
