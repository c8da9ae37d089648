/**
 * Reads JSON records from any of the layouts the JSON formats come in: JSON Lines (the usual),
 * a top-level array (the HF API, or any array of records) or a pretty-printed object keyed by
 * id (PaperExplorer's papers.json). Every JSON parser maps these records to papers.
 */
import type { ParsedItem, PaperRecord } from '../../core/paper.ts';
import { splitJsonDocument } from './json-split.ts';
import { readLines } from './lines.ts';
import { formatSize, MAX_RECORD_BYTES, Replayable, type ByteSource, type ParseOptions } from './source.ts';

export type JsonRecord =
  /** `at` is the line number (JSON Lines) or the position in the array/object. */
  { at: number; key: string | null; value: unknown } | { at: number; reason: string };

export type JsonLayout = 'lines' | 'document';

/** How a parser turns one JSON value into a paper; `key` is the member name in a keyed object. */
export type JsonMapper = (value: unknown, context: { at: number; key: string | null }) => PaperRecord | string;

export async function* readJsonRecords(input: ByteSource, options: ParseOptions = {}): AsyncGenerator<JsonRecord> {
  const max = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  const source = new Replayable(input);
  let layout: JsonLayout;
  try {
    layout = await sniffLayout(source);
  } catch {
    // Let the reader below meet the same error and report it in its usual words.
    layout = 'lines';
  }
  if (layout === 'document') {
    yield* splitJsonDocument(source.replay(), max);
    return;
  }
  for await (const line of readLines(source.replay(), max)) {
    if (line.kind === 'too-long') yield { at: line.n, reason: `line longer than ${formatSize(max)}` };
    else if (line.kind === 'read-error') yield { at: line.n, reason: line.reason };
    else {
      try {
        yield { at: line.n, key: null, value: JSON.parse(line.text) };
      } catch (err) {
        yield { at: line.n, reason: `not JSON: ${(err as Error).message}` };
      }
    }
  }
}

/**
 * `[` starts a document. `{` starts one too when the brace stands alone on its line (a
 * pretty-printed object); otherwise the first line is a record and the input is JSON Lines.
 * Only a few bytes past the first brace are read.
 */
async function sniffLayout(source: Replayable): Promise<JsonLayout> {
  let head = await source.peekAtLeast(256);
  for (;;) {
    const text = head.toString('utf8').replace(/^\uFEFF/, '');
    const match = /^\s*(\S)([ \t\r]*)(\n|\S)?/.exec(text);
    if (match) {
      if (match[1] === '[') return 'document';
      if (match[1] !== '{') return 'lines';
      if (match[3] !== undefined) return match[3] === '\n' ? 'document' : 'lines';
    }
    // Only blanks so far (or after the brace): read a little more, within reason.
    const before = source.peekedBytes;
    if (before > 1024 * 1024) return 'lines';
    head = await source.peekAtLeast(before + 4096);
    if (source.peekedBytes === before) return match ? 'document' : 'lines';
  }
}

/** Maps every JSON record with `map`, keeping the reader's rejections in order. */
export async function* mapJsonRecords(
  input: ByteSource,
  map: JsonMapper,
  options: ParseOptions = {},
): AsyncGenerator<ParsedItem> {
  for await (const item of readJsonRecords(input, options)) {
    if ('reason' in item) {
      yield { kind: 'rejected', at: item.at, reason: item.reason };
      continue;
    }
    const result = map(item.value, { at: item.at, key: item.key });
    yield typeof result === 'string'
      ? { kind: 'rejected', at: item.at, reason: result }
      : { kind: 'record', at: item.at, record: result };
  }
}
