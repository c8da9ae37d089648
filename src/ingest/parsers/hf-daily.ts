/**
 * Hugging Face daily papers, in the three shapes found in the wild:
 * - the API's items (`GET /api/daily_papers`: a JSON array of `{paper: {...}, publishedAt, submittedBy}`);
 * - flattened JSON Lines `{date, arxiv_id, title, upvotes, authors[], rank_in_day, abstract}`;
 * - PaperExplorer's object keyed by arXiv id `{"2312.17653": {title, authors, abstract, publication_date, upvotes}}`.
 */
import { parseDay } from '../../core/dates.ts';
import { type Organization, paperRecord, type PaperRecord, type ParsedItem } from '../../core/paper.ts';
import {
  asObject,
  FieldError,
  isObject,
  normalizeSpace,
  optNumber,
  optString,
  readArxivId,
  reqString,
  stringList,
  toInstant,
  toRecordOrReason,
  type JsonObject,
} from './fields.ts';
import { mapJsonRecords, type JsonMapper } from './json-records.ts';
import type { ByteSource, ParseOptions } from './source.ts';

/**
 * One item of the HF API's daily list (also what the live HF client receives). `rank` is its
 * 1-based position in the day's list when known. Returns the rejection reason as a string.
 */
export function hfDailyItemToRecord(item: unknown, rank: number | null = null): PaperRecord | string {
  return toRecordOrReason(() => {
    const obj = asObject(item);
    if (!isObject(obj.paper)) throw new FieldError('missing field "paper"');
    const paper = obj.paper;
    const { id, version } = readArxivId(reqString(paper, 'id', 'paper.id'));
    // The item's publishedAt is when it entered the feed; the paper's is the arXiv date.
    const submittedAt =
      toInstant(optString(obj, 'publishedAt'), 'publishedAt') ??
      toInstant(optString(paper, 'submittedOnDailyAt'), 'paper.submittedOnDailyAt');
    if (submittedAt === null) throw new FieldError('missing field "publishedAt"');
    const title = optString(paper, 'title') ?? optString(obj, 'title');
    if (title === null) throw new FieldError('missing field "paper.title"');
    return paperRecord({
      id,
      version,
      title,
      abstract: optString(paper, 'summary') ?? optString(obj, 'summary'),
      authors: apiAuthors(paper),
      publishedAt: toInstant(optString(paper, 'publishedAt'), 'paper.publishedAt'),
      githubRepo: optString(paper, 'githubRepo'),
      projectPage: optString(paper, 'projectPage'),
      githubStars: optNumber(paper, 'githubStars'),
      aiSummary: optString(paper, 'ai_summary'),
      aiKeywords: stringList(paper, 'ai_keywords'),
      organization: organizationOf(paper.organization ?? obj.organization),
      sourceUpvotes: optNumber(paper, 'upvotes'),
      feed: { day: submittedAt.slice(0, 10), rank, submittedBy: submitter(obj, paper), submittedAt },
      source: 'hf',
    });
  });
}

/** A row of the flattened daily-papers JSON Lines. */
export function hfFlatToRecord(value: unknown): PaperRecord | string {
  return toRecordOrReason(() => {
    const obj = asObject(value);
    const { id, version } = readArxivId(reqString(obj, 'arxiv_id'));
    const date = reqString(obj, 'date');
    const day = parseDay(date);
    if (day === null) throw new FieldError(`field "date" is not a day: ${JSON.stringify(date)}`);
    return paperRecord({
      id,
      version,
      title: reqString(obj, 'title'),
      abstract: optString(obj, 'abstract'),
      authors: stringList(obj, 'authors'),
      sourceUpvotes: optNumber(obj, 'upvotes'),
      feed: { day, rank: optNumber(obj, 'rank_in_day'), submittedBy: null, submittedAt: null },
      source: 'hf',
    });
  });
}

/**
 * A member of PaperExplorer's keyed object. It says a paper was on HF with so many upvotes but
 * not on which feed day, so no feed placement is invented.
 */
export function hfKeyedToRecord(key: string, value: unknown): PaperRecord | string {
  return toRecordOrReason(() => {
    const obj = asObject(value);
    const { id, version } = readArxivId(key);
    return paperRecord({
      id,
      version,
      title: reqString(obj, 'title'),
      abstract: optString(obj, 'abstract'),
      authors: stringList(obj, 'authors'),
      publishedAt: toInstant(optString(obj, 'publication_date'), 'publication_date'),
      sourceUpvotes: optNumber(obj, 'upvotes'),
      source: 'hf',
    });
  });
}

const hfMapper: JsonMapper = (value, { at, key }) => {
  if (key !== null) return hfKeyedToRecord(key, value);
  if (isObject(value) && 'paper' in value) return hfDailyItemToRecord(value, at);
  if (isObject(value) && 'arxiv_id' in value) return hfFlatToRecord(value);
  return isObject(value) ? 'not a Hugging Face daily paper: expected a "paper" or "arxiv_id" field' : 'not a JSON object';
};

export function parseHfDaily(input: ByteSource, options?: ParseOptions): AsyncGenerator<ParsedItem> {
  return mapJsonRecords(input, hfMapper, options);
}

function apiAuthors(paper: JsonObject): string[] {
  const raw = paper.authors;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new FieldError('field "paper.authors" must be a list');
  return raw
    .map((author) => {
      const name = typeof author === 'string' ? author : isObject(author) ? author.name : undefined;
      if (typeof name !== 'string') throw new FieldError('field "paper.authors" has an author without a name');
      return normalizeSpace(name);
    })
    .filter((name) => name !== '');
}

/** HF's `organization` object (`name`, `fullname`, `avatarUrl`); anything else is no organisation. */
function organizationOf(value: unknown): Organization | null {
  if (!isObject(value)) return null;
  const name = optString(value, 'name');
  if (name === null) throw new FieldError('field "organization" has no name');
  return { name, fullname: optString(value, 'fullname'), avatarUrl: optString(value, 'avatarUrl') };
}

/** The HF user who put the paper on the feed: `submittedBy.name`, else the paper's `submittedOnDailyBy.user`. */
function submitter(item: JsonObject, paper: JsonObject): string | null {
  for (const [holder, field] of [
    [item.submittedBy, 'name'],
    [paper.submittedOnDailyBy, 'user'],
    [paper.submittedOnDailyBy, 'name'],
  ] as const) {
    if (isObject(holder) && typeof holder[field] === 'string' && holder[field] !== '') return holder[field];
  }
  return null;
}
