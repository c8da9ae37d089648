/**
 * BEIR corpus JSON Lines `{_id, title, text}` (SciFact and friends). The id is the corpus's own,
 * kept verbatim unless it reads as an arXiv id. BEIR titles may be empty: such a document is
 * kept with title '' as long as it has text to search.
 */
import { parseArxivId } from '../../core/arxiv-id.ts';
import { paperRecord, type PaperRecord, type ParsedItem } from '../../core/paper.ts';
import { asObject, FieldError, optString, toRecordOrReason } from './fields.ts';
import { mapJsonRecords } from './json-records.ts';
import type { ByteSource, ParseOptions } from './source.ts';

export function beirToRecord(value: unknown): PaperRecord | string {
  return toRecordOrReason(() => {
    const obj = asObject(value);
    // Verbatim: qrels refer to documents by this exact string. Numeric ids mean the same string.
    const rawId = typeof obj._id === 'number' ? String(obj._id) : obj._id;
    if (rawId === undefined || rawId === null || rawId === '') throw new FieldError('missing field "_id"');
    if (typeof rawId !== 'string') throw new FieldError('field "_id" must be a string');
    const arxiv = parseArxivId(rawId);
    const title = optString(obj, 'title');
    const text = optString(obj, 'text');
    if (title === null && text === null) throw new FieldError('missing field "title" (and "text" is empty)');
    return paperRecord({
      id: arxiv?.id ?? rawId,
      version: arxiv?.version ?? null,
      title: title ?? '',
      abstract: text,
    });
  });
}

export function parseBeir(input: ByteSource, options?: ParseOptions): AsyncGenerator<ParsedItem> {
  return mapJsonRecords(input, beirToRecord, options);
}
