import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Cron } from 'croner';
import { isArxivCategory } from '../core/categories.ts';
import { parseDay } from '../core/dates.ts';
import { DEFAULT_TRENDING, type TrendingSettings } from '../core/trending.ts';

/** Where the data lives: an embedded SQLite file or a PostgreSQL server. */
export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

/** How long the service waits on its database before it answers 503 instead. */
export interface DatabaseTimeouts {
  /** A statement (or, on SQLite, the wait for the write lock); 0 = no limit. */
  queryMs: number;
  /** Opening a PostgreSQL connection. */
  connectMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = Object.freeze({ queryMs: 10_000, connectMs: 5_000 });

/** Everything the service reads from its environment, parsed once and passed in. */
export interface Config {
  dataDir: string;
  database: DatabaseTarget;
  databaseTimeouts: DatabaseTimeouts;
  port: number;
  host: string;
  /** The public address links are made with: BASE_URL, else (for commands) the one `serve` recorded, else host and port. */
  baseUrl: string;
  /** Whether BASE_URL was set; when not, commands other than `serve` use the address `serve` recorded. */
  baseUrlExplicit: boolean;
  secret: string;
  /** Whether SECRET was set, rather than generated into DATA_DIR/secret (replicas must share one). */
  secretExplicit: boolean;
  smtpUrl: string | null;
  /** The From of every mail, e.g. `Daily Papers <digest@example.org>`. */
  mailFrom: string;
  digest: DigestSchedule;
  /** Categories the archive harvests from arXiv; empty (`ARXIV_CATEGORIES=none`) harvests nothing. */
  arxivCategories: string[];
  /** First day (YYYY-MM-DD) the archive reaches back to; null: the last FIRST_FILL_DAYS days. */
  arxivSince: string | null;
  /** Whether the daily feed follows Hugging Face's daily papers (`HF_DAILY=off` turns it off). */
  hfDaily: boolean;
  /**
   * Categories whose new papers enter the daily feed automatically; `*` means every category.
   * Unset, it is empty while Hugging Face's picks make the feed, else ARXIV_CATEGORIES.
   */
  feedCategories: string[];
  arxivOaiUrl: string;
  arxivApiUrl: string;
  hfApiUrl: string;
  /** Cron expression for scheduled arXiv ingestion (UTC). */
  ingestSchedule: string;
  /** Cron expression for the trending recompute (UTC). */
  trendingSchedule: string;
  logLevel: string;
  /** The trending formula's constants (README, "## Trending"). */
  trending: TrendingSettings;
  /** Papers first published longer ago than this cannot be submitted to the daily feed. */
  submitMaxAgeDays: number;
  /** The embedding model for semantic search; keyword search alone when null. */
  embedding: EmbeddingSettings | null;
  /**
   * Which proxies to believe about the client's address (`X-Forwarded-For`), as Fastify's
   * `trustProxy` takes it: false (none, the default), true (any), or the proxies' addresses.
   */
  trustProxy: boolean | string;
  /** When set, `/metrics` answers only `Authorization: Bearer <this>`. */
  metricsToken: string | null;
  /** WEBHOOK_ALLOW_PRIVATE: webhooks may post to loopback and private addresses (receivers on the operator's network). */
  webhookAllowPrivate: boolean;
  /**
   * How long `serve` keeps answering after SIGTERM while `/readyz` says 503, so a load balancer
   * drains it before it closes (SHUTDOWN_DRAIN_SECONDS; 5 on PostgreSQL, where replicas run, else 0).
   */
  shutdownDrainMs: number;
}

/** An OpenAI-compatible embeddings server, or an ONNX model run in process (`EMBEDDING_MODEL=local:…`). */
export type EmbeddingSettings = ServerEmbedding | LocalEmbedding;

export interface ServerEmbedding {
  kind: 'server';
  url: string;
  model: string;
  dimensions: number;
}

export interface LocalEmbedding {
  kind: 'local';
  /** A folder in the transformers.js layout (config.json, tokenizer.json, onnx/model.onnx), or a model id to download. */
  model: string;
  /** Null: the model's own vector length, found when it loads. */
  dimensions: number | null;
  /** How token vectors become one: `cls` for the bge family, `mean` for MiniLM and e5. */
  pooling: 'cls' | 'mean';
}

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** When digests go out and how many papers they carry. */
export interface DigestSchedule {
  /** Hour of the day (0–23) in `timeZone`: daily digests on weekdays, weekly on `weekday`. */
  hour: number;
  timeZone: string;
  weekday: (typeof WEEKDAYS)[number];
  /** Papers per digest. */
  size: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** What Hugging Face's daily papers cover: the default archive of a fresh hub. */
export const DEFAULT_ARXIV_CATEGORIES = ['cs.AI', 'cs.CL', 'cs.CV', 'cs.LG'];
/** How far back a fresh hub reaches: the daily feed's backfill, and the archive without ARXIV_SINCE. */
export const FIRST_FILL_DAYS = 30;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads the configuration. Bad values throw a ConfigError naming the variable, so the
 * service refuses to start rather than running half-configured.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<string, string>> = {}): Config {
  const read = (name: string): string | undefined => {
    const value = overrides[name] ?? env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const dataDir = resolve(read('DATA_DIR') ?? './data');
  const port = parsePort(read('PORT') ?? '3000');
  const host = read('HOST') ?? '127.0.0.1';
  const baseUrlText = read('BASE_URL');
  const baseUrl = parseUrl('BASE_URL', baseUrlText ?? localAddress(host, port));
  const arxivCategoriesText = read('ARXIV_CATEGORIES');
  const arxivCategories =
    arxivCategoriesText === undefined
      ? DEFAULT_ARXIV_CATEGORIES
      : arxivCategoriesText.toLowerCase() === 'none'
        ? []
        : parseCategories('ARXIV_CATEGORIES', arxivCategoriesText);
  const hfDaily = parseSwitch('HF_DAILY', read('HF_DAILY') ?? 'on');
  const feedCategoriesText = read('FEED_CATEGORIES');
  const feedCategories = feedCategoriesText === '*' ? ['*'] : parseCategories('FEED_CATEGORIES', feedCategoriesText);
  const logLevel = read('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const smtpUrl = read('SMTP_URL') ?? null;
  const database = parseDatabase(read('DATABASE_URL'), dataDir);
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('SMTP_URL', 'must start with smtp:// or smtps://');
  return Object.freeze({
    dataDir,
    mailFrom: read('MAIL_FROM') ?? `Daily Papers <digest@${new URL(baseUrl).hostname}>`,
    digest: parseDigestSchedule(read),
    database,
    databaseTimeouts: Object.freeze({
      queryMs: parseInteger(
        'DATABASE_QUERY_TIMEOUT_MS',
        read('DATABASE_QUERY_TIMEOUT_MS') ?? String(DEFAULT_DATABASE_TIMEOUTS.queryMs),
        0,
        3_600_000,
      ),
      connectMs: parseInteger(
        'DATABASE_CONNECT_TIMEOUT_MS',
        read('DATABASE_CONNECT_TIMEOUT_MS') ?? String(DEFAULT_DATABASE_TIMEOUTS.connectMs),
        1,
        600_000,
      ),
    }),
    port,
    host,
    baseUrl: baseUrl.replace(/\/$/, ''),
    baseUrlExplicit: baseUrlText !== undefined,
    secret: read('SECRET') ?? '',
    secretExplicit: read('SECRET') !== undefined,
    smtpUrl,
    arxivCategories,
    arxivSince: parseSince(read('ARXIV_SINCE')),
    hfDaily,
    feedCategories: feedCategoriesText !== undefined ? feedCategories : hfDaily ? [] : arxivCategories,
    arxivOaiUrl: parseUrl('ARXIV_OAI_URL', read('ARXIV_OAI_URL') ?? 'https://oaipmh.arxiv.org/oai'),
    arxivApiUrl: parseUrl('ARXIV_API_URL', read('ARXIV_API_URL') ?? 'https://export.arxiv.org/api/query'),
    hfApiUrl: parseUrl('HF_API_URL', read('HF_API_URL') ?? 'https://huggingface.co').replace(/\/$/, ''),
    ingestSchedule: parseCron('INGEST_SCHEDULE', read('INGEST_SCHEDULE') ?? '30 1 * * *'),
    trendingSchedule: parseCron('TRENDING_SCHEDULE', read('TRENDING_SCHEDULE') ?? '17 * * * *'),
    logLevel,
    trending: parseTrending(read),
    submitMaxAgeDays: parseNumber('SUBMIT_MAX_AGE_DAYS', read('SUBMIT_MAX_AGE_DAYS'), 14, 1, 36500),
    embedding: parseEmbedding(read),
    trustProxy: parseTrustProxy(read('TRUST_PROXY')),
    metricsToken: read('METRICS_TOKEN') ?? null,
    webhookAllowPrivate: parseSwitch('WEBHOOK_ALLOW_PRIVATE', read('WEBHOOK_ALLOW_PRIVATE') ?? 'off'),
    shutdownDrainMs:
      1000 *
      parseNumber('SHUTDOWN_DRAIN_SECONDS', read('SHUTDOWN_DRAIN_SECONDS'), database.dialect === 'postgres' ? 5 : 0, 0, 600),
  });
}

/** The address a service listening on `host` and `port` is reached at from this machine. */
export function localAddress(host: string, port: number): string {
  // A wildcard address accepts connections on every interface; a browser cannot open it.
  if (host === '0.0.0.0' || host === '::') return `http://localhost:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** `true`/`false`, or comma-separated proxy addresses and CIDR ranges. */
function parseTrustProxy(text: string | undefined): boolean | string {
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  const bad = text.split(',').find((part) => !/^[0-9A-Fa-f.:]+(\/\d{1,3})?$/.test(part.trim()));
  if (bad !== undefined)
    throw new ConfigError('TRUST_PROXY', `"${bad}" is not true, false or a proxy address such as 10.0.0.1 or 10.0.0.0/8`);
  return text;
}

const EMBEDDING_VARIABLES = ['EMBEDDING_URL', 'EMBEDDING_MODEL', 'EMBEDDING_DIMENSIONS'] as const;
const LOCAL_MODEL = 'local:';
const POOLINGS = ['cls', 'mean'] as const;

/**
 * A local model (`EMBEDDING_MODEL=local:PATH`), or all three server variables, or none: a
 * half-configured model would fail at the first search.
 */
function parseEmbedding(read: (name: string) => string | undefined): EmbeddingSettings | null {
  const model = read('EMBEDDING_MODEL');
  const pooling = read('EMBEDDING_POOLING');
  if (model?.startsWith(LOCAL_MODEL)) return parseLocalEmbedding(model.slice(LOCAL_MODEL.length), pooling, read);
  if (pooling !== undefined)
    throw new ConfigError('EMBEDDING_POOLING', `applies to a local model only (EMBEDDING_MODEL=${LOCAL_MODEL}PATH)`);
  const given = EMBEDDING_VARIABLES.filter((name) => read(name) !== undefined);
  if (given.length === 0) return null;
  const missing = EMBEDDING_VARIABLES.find((name) => read(name) === undefined);
  if (missing) throw new ConfigError(missing, `must be set along with ${given.join(' and ')}`);
  return {
    kind: 'server',
    url: parseUrl('EMBEDDING_URL', read('EMBEDDING_URL')!),
    model: read('EMBEDDING_MODEL')!,
    dimensions: parseInteger('EMBEDDING_DIMENSIONS', read('EMBEDDING_DIMENSIONS')!, 1, 16384),
  };
}

function parseLocalEmbedding(
  path: string,
  pooling: string | undefined,
  read: (name: string) => string | undefined,
): LocalEmbedding {
  if (!path)
    throw new ConfigError(
      'EMBEDDING_MODEL',
      `${LOCAL_MODEL} needs a model folder, e.g. ${LOCAL_MODEL}./models/bge-small-en-v1.5`,
    );
  if (read('EMBEDDING_URL') !== undefined)
    throw new ConfigError(
      'EMBEDDING_URL',
      `must be unset with a local model (EMBEDDING_MODEL=${LOCAL_MODEL}…), which runs in process`,
    );
  if (pooling !== undefined && !(POOLINGS as readonly string[]).includes(pooling))
    throw new ConfigError('EMBEDDING_POOLING', `must be one of ${POOLINGS.join(', ')}`);
  const dimensions = read('EMBEDDING_DIMENSIONS');
  return {
    kind: 'local',
    // A path that exists is resolved now, so the service does not depend on where it was started from.
    model: existsSync(path) ? resolve(path) : path,
    dimensions: dimensions === undefined ? null : parseInteger('EMBEDDING_DIMENSIONS', dimensions, 1, 16384),
    pooling: (pooling ?? 'cls') as LocalEmbedding['pooling'],
  };
}

/**
 * Returns the configured SECRET, or one generated on first run and kept in DATA_DIR,
 * so sessions and signed links survive restarts without any setup.
 */
export function ensureSecret(config: Config): Config {
  if (config.secret) return config;
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'secret');
  let secret: string;
  try {
    secret = readFileSync(file, 'utf8').trim();
  } catch {
    secret = randomBytes(32).toString('base64url');
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  }
  return Object.freeze({ ...config, secret });
}

function parseDigestSchedule(read: (name: string) => string | undefined): DigestSchedule {
  const hour = parseInteger('DIGEST_HOUR', read('DIGEST_HOUR') ?? '7', 0, 23);
  const size = parseInteger('DIGEST_SIZE', read('DIGEST_SIZE') ?? '10', 1, 50);
  const timeZone = read('DIGEST_TIMEZONE') ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new ConfigError('DIGEST_TIMEZONE', `"${timeZone}" is not an IANA time zone such as Europe/Berlin`);
  }
  const weekday = (read('DIGEST_WEEKDAY') ?? 'monday').toLowerCase();
  if (!(WEEKDAYS as readonly string[]).includes(weekday))
    throw new ConfigError('DIGEST_WEEKDAY', `must be one of ${WEEKDAYS.join(', ')}`);
  return { hour, timeZone, weekday: weekday as DigestSchedule['weekday'], size };
}

/** Checked with the scheduler's own parser, so a schedule that loads is one the jobs can run. */
function parseCron(variable: string, pattern: string): string {
  try {
    new Cron(pattern, { paused: true, timezone: 'UTC' }).stop();
  } catch (error) {
    throw new ConfigError(variable, `"${pattern}" is not a cron expression such as "30 1 * * *" (${(error as Error).message})`);
  }
  return pattern;
}

function parseInteger(variable: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new ConfigError(variable, `"${text}" must be a whole number from ${min} to ${max}`);
  return value;
}

function parseTrending(read: (name: string) => string | undefined): TrendingSettings {
  return Object.freeze({
    halfLifeHours: parseNumber(
      'TRENDING_HALF_LIFE_HOURS',
      read('TRENDING_HALF_LIFE_HOURS'),
      DEFAULT_TRENDING.halfLifeHours,
      1,
      8760,
    ),
    commentWeight: parseNumber(
      'TRENDING_COMMENT_WEIGHT',
      read('TRENDING_COMMENT_WEIGHT'),
      DEFAULT_TRENDING.commentWeight,
      0,
      100,
    ),
    categoryWeight: parseNumber(
      'TRENDING_CATEGORY_WEIGHT',
      read('TRENDING_CATEGORY_WEIGHT'),
      DEFAULT_TRENDING.categoryWeight,
      0,
      1,
    ),
  });
}

function parseNumber(variable: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new ConfigError(variable, `"${text}" must be a number from ${min} to ${max}`);
  return value;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new ConfigError('PORT', `"${text}" is not a port number (0-65535)`);
  return port;
}

function parseUrl(variable: string, text: string): string {
  // "example.org" or "example.org:8080/papers": an address written without its scheme.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text))
    throw new ConfigError(variable, `"${text}" has no scheme: write it as https://${text} (or http://${text})`);
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    return text;
  } catch {
    throw new ConfigError(variable, `"${text}" is not an http(s) URL`);
  }
}

function parseSwitch(variable: string, text: string): boolean {
  const value = text.toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(value)) return true;
  if (['off', 'false', '0', 'no'].includes(value)) return false;
  throw new ConfigError(variable, `"${text}" must be on or off`);
}

function parseSince(text: string | undefined): string | null {
  if (text === undefined) return null;
  const day = parseDay(text);
  if (day === null) throw new ConfigError('ARXIV_SINCE', `"${text}" is not a calendar day (YYYY-MM-DD)`);
  return day;
}

function parseCategories(variable: string, text: string | undefined): string[] {
  if (!text) return [];
  const categories = text
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const bad = categories.find((c) => !isArxivCategory(c));
  if (bad) throw new ConfigError(variable, `"${bad}" is not an arXiv category such as cs.CL or hep-th`);
  return categories;
}

function parseDatabase(text: string | undefined, dataDir: string): DatabaseTarget {
  if (!text) return { dialect: 'sqlite', file: join(dataDir, 'dailypapers.sqlite') };
  if (/^postgres(ql)?:\/\//.test(text)) {
    try {
      new URL(text);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL');
    }
    return { dialect: 'postgres', url: text };
  }
  if (text.startsWith('sqlite:')) {
    const path = text.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path) throw new ConfigError('DATABASE_URL', 'sqlite: needs a file path, e.g. sqlite:./data/papers.sqlite');
    return { dialect: 'sqlite', file: path === ':memory:' || isAbsolute(path) ? path : resolve(path) };
  }
  throw new ConfigError('DATABASE_URL', `"${text}" must start with postgres://, postgresql:// or sqlite:`);
}
