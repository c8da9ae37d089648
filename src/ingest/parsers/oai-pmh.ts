/**
 * OAI-PMH responses (ListRecords / GetRecord) with metadataPrefix=arXiv, as served by
 * export.arxiv.org/oai2 and oaipmh.arxiv.org. The live harvester parses each page with
 * {@link parseOaiPmhPage}; a saved file streams through {@link parseOaiPmh}. Both use
 * {@link OaiPmhHandler}.
 */
import { paperRecord, type PaperRecord, type ParsedItem } from '../../core/paper.ts';
import { FieldError, normalizeSpace, readArxivId, toInstant, toRecordOrReason } from './fields.ts';
import type { ByteSource, ParseOptions } from './source.ts';
import { parseXmlString, streamXml, XmlRecordHandler } from './xml.ts';

export interface OaiError {
  code: string;
  message: string;
}

export interface OaiPmhPage {
  items: ParsedItem[];
  /** Token for the next page; null when the list is complete (absent or empty element). */
  resumptionToken: string | null;
  completeListSize: number | null;
  /** An OAI error (noRecordsMatch, badResumptionToken, ...) or, code `malformedXml`, a page that did not parse. */
  error: OaiError | null;
}

export const DELETED_AT_SOURCE = 'deleted at source';

interface OaiRecord {
  identifier: string | null;
  deleted: boolean;
  /** Local name of the element inside <metadata>: `arXiv` is the one we read. */
  format: string | null;
  fields: Map<string, string>;
  authors: string[];
  author: { keyname: string; forenames: string; suffix: string } | null;
}

/** Children of <arXiv> kept as text. */
const ARXIV_FIELDS = new Set(['id', 'created', 'updated', 'title', 'categories', 'comments', 'journal-ref', 'doi', 'abstract']);
const NAME_PARTS = new Set(['keyname', 'forenames', 'suffix']);
const OAI_IDENTIFIER = /^oai:arXiv\.org:/i;

export class OaiPmhHandler extends XmlRecordHandler {
  resumptionToken: string | null = null;
  completeListSize: number | null = null;
  error: OaiError | null = null;
  private record: OaiRecord | null = null;
  private errorCode: string | null = null;

  protected onOpen(name: string, attributes: Record<string, string>, parent: string | null): void {
    if (name === 'record' && (parent === 'ListRecords' || parent === 'GetRecord')) {
      this.beginRecord();
      this.record = { identifier: null, deleted: false, format: null, fields: new Map(), authors: [], author: null };
    } else if (name === 'resumptionToken') {
      const size = Number(attributes.completeListSize);
      this.completeListSize = attributes.completeListSize !== undefined && Number.isInteger(size) ? size : null;
    } else if (name === 'error' && parent === 'OAI-PMH') {
      this.errorCode = attributes.code ?? 'unknown';
    } else if (this.record) {
      if (name === 'header' && attributes.status === 'deleted') this.record.deleted = true;
      else if (parent === 'metadata') this.record.format = name;
      else if (name === 'author' && parent === 'authors') this.record.author = { keyname: '', forenames: '', suffix: '' };
    }
  }

  protected onClose(name: string, text: string, parent: string | null): void {
    const record = this.record;
    if (name === 'resumptionToken') {
      this.resumptionToken = text.trim() === '' ? null : text.trim();
    } else if (name === 'error' && this.errorCode !== null) {
      // Several errors may come at once; the first one decides.
      this.error ??= { code: this.errorCode, message: normalizeSpace(text) };
      this.errorCode = null;
    } else if (!record) {
      return;
    } else if (name === 'record') {
      this.record = null;
      this.endRecord(recordToPaper(record));
    } else if (name === 'identifier' && parent === 'header') {
      record.identifier = text.trim();
    } else if (record.author && NAME_PARTS.has(name) && parent === 'author') {
      record.author[name as 'keyname'] = text;
    } else if (record.author && name === 'author') {
      const { forenames, keyname, suffix } = record.author;
      const full = normalizeSpace(`${forenames} ${keyname} ${suffix}`);
      if (full !== '') record.authors.push(full);
      record.author = null;
    } else if (parent === 'arXiv' && ARXIV_FIELDS.has(name)) {
      record.fields.set(name, normalizeSpace(text));
    }
  }
}

function recordToPaper(record: OaiRecord): PaperRecord | string {
  const shownId = record.fields.get('id') ?? record.identifier?.replace(OAI_IDENTIFIER, '') ?? null;
  if (record.deleted) return shownId ? `${DELETED_AT_SOURCE}: ${shownId}` : DELETED_AT_SOURCE;
  if (record.format !== 'arXiv') {
    return record.format === null
      ? 'record without metadata'
      : `metadata format "${record.format}" is not supported: harvest with metadataPrefix=arXiv`;
  }
  return toRecordOrReason(() => {
    const field = (key: string) => {
      const value = record.fields.get(key);
      return value === undefined || value === '' ? null : value;
    };
    if (shownId === null || shownId === '') throw new FieldError('missing field "id"');
    const { id, version } = readArxivId(shownId);
    const title = field('title');
    if (title === null) throw new FieldError('missing field "title"');
    const publishedAt = toInstant(field('created'), 'created');
    return paperRecord({
      id,
      version,
      title,
      abstract: field('abstract'),
      authors: record.authors,
      categories: (field('categories') ?? '').split(' ').filter((c) => c !== ''),
      publishedAt,
      // <updated> appears only once there is a second version; until then v1 is the latest.
      updatedAt: toInstant(field('updated'), 'updated') ?? publishedAt,
      comment: field('comments'),
      journalRef: field('journal-ref'),
      doi: field('doi'),
      source: 'arxiv',
    });
  });
}

/** One harvested page. Records come in `items`; paging and errors in the other fields. */
export function parseOaiPmhPage(xml: string, options: ParseOptions = {}): OaiPmhPage {
  const handler = new OaiPmhHandler(options.maxRecordBytes);
  const failure = parseXmlString(xml, handler);
  return {
    items: handler.out.splice(0),
    // A page cut short has lost its token: never let that read as "list complete".
    resumptionToken: failure === null ? handler.resumptionToken : null,
    completeListSize: handler.completeListSize,
    error: failure !== null ? { code: 'malformedXml', message: failure } : handler.error,
  };
}

/** An OAI-PMH file of any size; `at` is the record number. An OAI error ends it as a rejection. */
export async function* parseOaiPmh(input: ByteSource, options: ParseOptions = {}): AsyncGenerator<ParsedItem> {
  const handler = new OaiPmhHandler(options.maxRecordBytes);
  yield* streamXml(input, handler);
  if (handler.error) {
    yield { kind: 'rejected', at: handler.at, reason: `OAI-PMH error ${handler.error.code}: ${handler.error.message}` };
  }
}
