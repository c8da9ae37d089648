/**
 * Incremental, resumable harvest of arXiv over OAI-PMH (`ListRecords`, `arXiv` metadata format).
 *
 * Completeness comes from the cursor: after each page is stored we save where we are, so a crash
 * resumes from the same resumption token, and a finished run leaves its `until` day as the next
 * run's `from`. Days overlap by one on purpose — arXiv stamps records by day and announces late
 * after moderation and holidays — and idempotent storage makes seeing a record twice harmless.
 */
import type { PaperRecord } from '../core/paper.ts';
import { anyCategoryMatches } from '../core/categories.ts';
import { addDays, formatDay } from '../core/dates.ts';
import { parseOaiPmhPage, type OaiPmhPage } from './parsers/oai-pmh.ts';
import type { PoliteHttpClient } from './http-client.ts';

/** Key-value storage for harvest progress; the application keeps it in its database. */
export interface HarvestCursorStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/** Stored as JSON. `resumptionToken` null means the last window finished and `from` is where the next starts. */
export interface HarvestCursor {
  set: string | null;
  resumptionToken: string | null;
  from: string | null;
  until: string | null;
}

export interface HarvestRejection {
  set: string | null;
  /** Page number within this run, from 1. */
  page: number;
  /** Position the parser gave the record within its page. */
  at: number;
  reason: string;
}

export interface HarvestLogEntry {
  event: 'page' | 'malformed-page' | 'bad-token-restart' | 'set-done';
  set: string | null;
  url?: string;
  page?: number;
  pages?: number;
  records?: number;
  reason?: string;
}

export interface HarvestArxivOptions {
  client: Pick<PoliteHttpClient, 'getText'>;
  baseUrl: string;
  /** OAI sets such as `cs` or `physics:hep-th`; by default derived from `categories`; empty and no categories = everything. */
  sets?: string[];
  /** Keep only records with one of these categories; a bare archive (`cs`) matches all of its categories. Empty = all. */
  categories?: string[];
  /** YYYY-MM-DD. Given: harvest from this day (and the cursor moves to `until` when done). Absent: continue from the cursor. */
  from?: string;
  /** YYYY-MM-DD, default today (UTC). */
  until?: string;
  cursor: HarvestCursorStore;
  /** Must have stored the page when it resolves: the cursor moves past the page right after. */
  onRecords: (records: PaperRecord[], rejected: HarvestRejection[]) => Promise<void>;
  signal?: AbortSignal;
  metadataPrefix?: string;
  /** Fetches of one page whose XML does not parse before the harvest gives up. */
  maxPageAttempts?: number;
  /** How far back a first run without `from` reaches. */
  lookbackDays?: number;
  today?: () => string;
  logger?: (entry: HarvestLogEntry) => void;
}

export interface SetSummary {
  set: string | null;
  from: string;
  until: string;
  resumed: boolean;
  pages: number;
  records: number;
  rejected: number;
  /** Well-formed records outside the wanted categories. */
  skipped: number;
}

export interface HarvestSummary {
  pages: number;
  records: number;
  rejected: number;
  skipped: number;
  sets: SetSummary[];
}

export class OaiHarvestError extends Error {
  constructor(
    message: string,
    readonly set: string | null,
    readonly url: string,
    /** The OAI-PMH error code when the server sent one. */
    readonly code: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OaiHarvestError';
  }
}

/** Archives arXiv files under the `physics` group, whose OAI set is `physics:<archive>`. */
const PHYSICS_ARCHIVES = new Set([
  'astro-ph',
  'cond-mat',
  'gr-qc',
  'hep-ex',
  'hep-lat',
  'hep-ph',
  'hep-th',
  'math-ph',
  'nlin',
  'nucl-ex',
  'nucl-th',
  'physics',
  'quant-ph',
]);

/** `cs.CL` → `cs`, `hep-th` → `physics:hep-th`, `astro-ph.GA` → `physics:astro-ph`. */
export function oaiSetForCategory(category: string): string {
  const archive = category.split('.')[0] ?? category;
  return PHYSICS_ARCHIVES.has(archive) ? `physics:${archive}` : archive;
}

export function setsForCategories(categories: readonly string[]): string[] {
  return [...new Set(categories.map(oaiSetForCategory))];
}

/** Bad tokens usually mean one expired while we were down; restarting the window is safe, looping is not. */
const MAX_TOKEN_RESTARTS = 2;

type Ctx = Required<Pick<HarvestArxivOptions, 'metadataPrefix' | 'maxPageAttempts' | 'lookbackDays' | 'today'>> &
  HarvestArxivOptions & { categories: string[] };

export async function harvestArxiv(options: HarvestArxivOptions): Promise<HarvestSummary> {
  const ctx: Ctx = {
    metadataPrefix: 'arXiv',
    maxPageAttempts: 3,
    lookbackDays: 7,
    today: () => formatDay(new Date()),
    ...options,
    categories: options.categories ?? [],
  };
  const wanted = options.sets?.length ? [...new Set(options.sets)] : setsForCategories(ctx.categories);
  const sets: (string | null)[] = wanted.length ? wanted : [null];
  const summary: HarvestSummary = { pages: 0, records: 0, rejected: 0, skipped: 0, sets: [] };
  for (const set of sets) {
    const done = await harvestSet(ctx, set);
    summary.sets.push(done);
    summary.pages += done.pages;
    summary.records += done.records;
    summary.rejected += done.rejected;
    summary.skipped += done.skipped;
  }
  return summary;
}

interface Window {
  from: string;
  until: string;
  token: string | null;
}

async function harvestSet(ctx: Ctx, set: string | null): Promise<SetSummary> {
  const key = cursorKey(set, ctx.categories);
  const saved = parseCursor(await ctx.cursor.get(key));
  const target = ctx.until ?? ctx.today();
  const resumable =
    saved?.resumptionToken &&
    saved.from &&
    saved.until &&
    (ctx.from === undefined || ctx.from === saved.from) &&
    (ctx.until === undefined || ctx.until === saved.until);
  const window: Window = resumable
    ? { from: saved.from!, until: saved.until!, token: saved.resumptionToken }
    : { from: minDay(ctx.from ?? saved?.from ?? addDays(target, -ctx.lookbackDays), target), until: target, token: null };
  const summary: SetSummary = {
    set,
    from: window.from,
    until: target,
    resumed: Boolean(resumable),
    pages: 0,
    records: 0,
    rejected: 0,
    skipped: 0,
  };
  await harvestWindow(ctx, set, key, window, summary);
  // A run interrupted yesterday finishes yesterday's window, then catches up to today.
  if (window.until < target) await harvestWindow(ctx, set, key, { from: window.until, until: target, token: null }, summary);
  ctx.logger?.({ event: 'set-done', set, pages: summary.pages, records: summary.records });
  return summary;
}

async function harvestWindow(ctx: Ctx, set: string | null, key: string, window: Window, summary: SetSummary) {
  let token = window.token;
  let restarts = 0;
  for (;;) {
    ctx.signal?.throwIfAborted();
    const url = token
      ? listUrl(ctx.baseUrl, { resumptionToken: token })
      : listUrl(ctx.baseUrl, {
          metadataPrefix: ctx.metadataPrefix,
          set,
          from: window.from,
          until: window.until,
        });
    const page = await fetchPage(ctx, set, url);
    if (page.error?.code === 'badResumptionToken' && token !== null && restarts < MAX_TOKEN_RESTARTS) {
      restarts++;
      token = null;
      ctx.logger?.({ event: 'bad-token-restart', set, url, reason: page.error.message });
      continue;
    }
    if (page.error && page.error.code !== 'noRecordsMatch') {
      throw new OaiHarvestError(`OAI-PMH error ${page.error.code} from ${url}: ${page.error.message}`, set, url, page.error.code);
    }
    summary.pages++;
    const records: PaperRecord[] = [];
    const rejected: HarvestRejection[] = [];
    for (const item of page.items) {
      if (item.kind === 'rejected') rejected.push({ set, page: summary.pages, at: item.at, reason: item.reason });
      else if (ctx.categories.length === 0 || anyCategoryMatches(ctx.categories, item.record.categories))
        records.push(item.record);
      else summary.skipped++;
    }
    if (records.length || rejected.length) await ctx.onRecords(records, rejected);
    summary.records += records.length;
    summary.rejected += rejected.length;
    ctx.logger?.({ event: 'page', set, url, page: summary.pages, records: records.length });

    const next = page.error ? null : page.resumptionToken || null;
    if (next !== null && next === token) {
      throw new OaiHarvestError(`server repeated resumption token ${next}`, set, url, null);
    }
    const cursor: HarvestCursor = next
      ? { set, resumptionToken: next, from: window.from, until: window.until }
      : { set, resumptionToken: null, from: window.until, until: null };
    await ctx.cursor.set(key, JSON.stringify(cursor));
    if (next === null) return;
    token = next;
  }
}

/** Refetches a page whose XML does not parse: arXiv occasionally cuts a response short with 200 OK. */
async function fetchPage(ctx: Ctx, set: string | null, url: string): Promise<OaiPmhPage> {
  for (let attempt = 1; ; attempt++) {
    const xml = await ctx.client.getText(url, ctx.signal ? { signal: ctx.signal } : {});
    const page = parseOaiPmhPage(xml);
    if (page.error?.code !== 'malformedXml') return page;
    ctx.logger?.({ event: 'malformed-page', set, url, reason: page.error.message });
    if (attempt >= ctx.maxPageAttempts) {
      // The records parsed before the break are dropped with the page: the rerun refetches it whole.
      throw new OaiHarvestError(
        `malformed OAI-PMH page from ${url} after ${attempt} attempts: ${page.error.message}`,
        set,
        url,
        'malformedXml',
      );
    }
  }
}

function listUrl(baseUrl: string, params: Record<string, string | null>): string {
  const url = new URL(baseUrl);
  url.searchParams.set('verb', 'ListRecords');
  for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.set(name, value);
  return url.toString();
}

/** Different category filters keep different records, so each filter keeps its own progress. */
export function cursorKey(set: string | null, categories: readonly string[]): string {
  const own = categories.filter((c) => set === null || oaiSetForCategory(c) === set).sort();
  return `arxiv-oai:${set ?? '*'}${own.length ? `:${own.join(',')}` : ''}`;
}

function parseCursor(value: string | null): HarvestCursor | null {
  if (value === null) return null;
  try {
    const parsed = JSON.parse(value) as Partial<HarvestCursor>;
    return {
      set: parsed.set ?? null,
      resumptionToken: typeof parsed.resumptionToken === 'string' && parsed.resumptionToken ? parsed.resumptionToken : null,
      from: typeof parsed.from === 'string' ? parsed.from : null,
      until: typeof parsed.until === 'string' ? parsed.until : null,
    };
  } catch {
    return null; // an unreadable cursor costs one lookback window, not the harvest
  }
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}
