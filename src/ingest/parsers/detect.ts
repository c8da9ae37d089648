/**
 * The importer's entry point: opens any supported file (gzipped or not), detects its format when
 * asked to, and returns the parser's items. Detection reads only the first record.
 */
import type { ParsedItem } from '../../core/paper.ts';
import { parseArxivListing } from './arxiv-listing.ts';
import { parseAtom } from './atom.ts';
import { parseBeir } from './beir.ts';
import { isObject } from './fields.ts';
import { parseHfDaily } from './hf-daily.ts';
import { readJsonRecords } from './json-records.ts';
import { parseKaggle } from './kaggle.ts';
import { parseOaiPmh } from './oai-pmh.ts';
import { describeReadError, gunzip, isGzip, Replayable, type ByteSource, type ParseOptions } from './source.ts';

export const IMPORT_FORMATS = ['arxiv-listing', 'kaggle', 'hf-daily', 'beir', 'atom', 'oai-pmh'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
/** What `--format` accepts. */
export const FORMAT_OPTIONS = ['auto', ...IMPORT_FORMATS] as const;
export type FormatOption = (typeof FORMAT_OPTIONS)[number];

export type Parser = (input: ByteSource, options?: ParseOptions) => AsyncIterable<ParsedItem>;

export const PARSERS: Record<ImportFormat, Parser> = {
  'arxiv-listing': parseArxivListing,
  kaggle: parseKaggle,
  'hf-daily': parseHfDaily,
  beir: parseBeir,
  atom: parseAtom,
  'oai-pmh': parseOaiPmh,
};

export function isFormatOption(text: string): text is FormatOption {
  return (FORMAT_OPTIONS as readonly string[]).includes(text);
}

/** The input could not be recognised; the message says what was seen and suggests `--format`. */
export class FormatDetectionError extends Error {}

export interface ImportStream {
  /** The format read; null only when `auto` met an empty input (then `items` is empty too). */
  format: ImportFormat | null;
  items: AsyncIterable<ParsedItem>;
}

/** How far detection may read before giving up (one oversized first record is skipped past). */
const SNIFF_JSON_BYTES = 32 * 1024 * 1024;
const SNIFF_JSON_RECORDS = 100;
const SNIFF_XML_BYTES = 64 * 1024;

/**
 * Opens an import. `input` is a Node readable (file, stdin, HTTP body) or any byte iterable.
 * Throws {@link FormatDetectionError} when `auto` cannot tell the format.
 */
export async function openImportStream(
  input: NodeJS.ReadableStream | ByteSource,
  format: FormatOption = 'auto',
  options: ParseOptions = {},
): Promise<ImportStream> {
  const raw = new Replayable(input as ByteSource);
  // A read error here is kept by the Replayable and met again by the parser, which reports it.
  await raw.peekAtLeast(2).catch(() => {});
  const bytes: ByteSource = isGzip(raw.peeked) ? gunzip(raw.replay()) : raw.replay();
  if (format !== 'auto') return { format, items: PARSERS[format](bytes, options) };

  const source = new Replayable(bytes);
  try {
    const detected = await detect(source, options);
    return { format: detected, items: detected === null ? nothing() : PARSERS[detected](source.replay(), options) };
  } catch (err) {
    await source.close();
    throw err;
  }
}

/** The format from the first bytes; null for an empty input. */
async function detect(source: Replayable, options: ParseOptions): Promise<ImportFormat | null> {
  let readError: string | null = null;
  try {
    await source.peekAtLeast(SNIFF_XML_BYTES);
  } catch (err) {
    // Detect from what arrived; the parser meets the same error and reports it after those records.
    readError = describeReadError(err);
  }
  const head = source.peeked.toString('utf8').replace(/^\uFEFF/, '');
  const first = /\S/.exec(head)?.[0];
  if (first === undefined) {
    if (readError !== null) throw new FormatDetectionError(`cannot detect the format: ${readError}`);
    return null;
  }
  if (first === '<') return detectXmlFormat(head);
  if (first === '{' || first === '[') return sniffJson(source, options);
  throw new FormatDetectionError(
    `cannot detect the format: the input starts with ${JSON.stringify(head.trimStart().slice(0, 20))}, ` +
      'not JSON or XML; is it one of the formats --format lists?',
  );
}

/** The format of a JSON input by the keys of its first record (`key` set: a keyed object). */
export function detectJsonFormat(value: unknown, key: string | null = null): ImportFormat | null {
  // PaperExplorer's dump: an object keyed by arXiv id.
  if (key !== null) return 'hf-daily';
  if (!isObject(value)) return null;
  const has = (field: string) => Object.hasOwn(value, field);
  if (has('_id')) return 'beir';
  if (has('paper') || (has('arxiv_id') && has('date'))) return 'hf-daily';
  if (has('versions') || has('authors_parsed') || has('submitter')) return 'kaggle';
  if (has('listing_date') || has('summary')) return 'arxiv-listing';
  // The plainest arXiv record, {id, title, ...}, is read by the listing parser.
  if (has('id') && has('title')) return 'arxiv-listing';
  return null;
}

export function detectXmlFormat(head: string): ImportFormat {
  const root = /<(?:[A-Za-z_][\w.-]*:)?(feed|OAI-PMH)[\s/>]/.exec(head)?.[1];
  if (root === 'feed') return 'atom';
  if (root === 'OAI-PMH') return 'oai-pmh';
  throw new FormatDetectionError('cannot detect the format: XML, but neither an Atom <feed> nor an <OAI-PMH> response');
}

/** Runs the JSON record reader over the head until a record shows its keys. */
async function sniffJson(source: Replayable, options: ParseOptions): Promise<ImportFormat> {
  let firstProblem: string | null = null;
  let seen = 0;
  for await (const record of readJsonRecords(source.recording(SNIFF_JSON_BYTES), options)) {
    if ('reason' in record) {
      firstProblem ??= `record ${record.at}: ${record.reason}`;
    } else {
      const format = detectJsonFormat(record.value, record.key);
      if (format !== null) return format;
      const keys = isObject(record.value) ? Object.keys(record.value).slice(0, 8).join(', ') : typeof record.value;
      throw new FormatDetectionError(`cannot detect the format: the first record has fields ${keys}; pass --format`);
    }
    if (++seen >= SNIFF_JSON_RECORDS) break;
  }
  throw new FormatDetectionError(`cannot detect the format: ${firstProblem ?? 'no JSON record found'}; pass --format`);
}

async function* nothing(): AsyncGenerator<ParsedItem> {}
