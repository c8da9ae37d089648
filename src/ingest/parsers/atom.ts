/**
 * arXiv API Atom feeds (export.arxiv.org/api/query), the current format and the legacy one
 * (per-element namespace declarations, different child order): both read by local name.
 */
import { paperRecord, type PaperRecord, type ParsedItem } from '../../core/paper.ts';
import { FieldError, normalizeSpace, readArxivId, toInstant, toRecordOrReason } from './fields.ts';
import type { ByteSource, ParseOptions } from './source.ts';
import { parseXmlString, streamXml, XmlRecordHandler } from './xml.ts';

/** arXiv answers a bad query with a feed whose one entry has an id under /api/errors. */
const ERROR_ENTRY = /^https?:\/\/(?:export\.)?arxiv\.org\/api\/errors/i;

interface Entry {
  id: string | null;
  title: string | null;
  summary: string | null;
  authors: string[];
  categories: string[];
  primary: string | null;
  published: string | null;
  updated: string | null;
  comment: string | null;
  journalRef: string | null;
  doi: string | null;
}

const ENTRY_TEXT = {
  id: 'id',
  title: 'title',
  summary: 'summary',
  published: 'published',
  updated: 'updated',
  comment: 'comment',
  journal_ref: 'journalRef',
  doi: 'doi',
} as const satisfies Record<string, keyof Entry>;

export class AtomHandler extends XmlRecordHandler {
  /** opensearch:totalResults: how many entries the query matches over all pages. */
  totalResults: number | null = null;
  private entry: Entry | null = null;

  protected onOpen(name: string, attributes: Record<string, string>, parent: string | null): void {
    if (name === 'entry') {
      this.beginRecord();
      this.entry = {
        id: null,
        title: null,
        summary: null,
        authors: [],
        categories: [],
        primary: null,
        published: null,
        updated: null,
        comment: null,
        journalRef: null,
        doi: null,
      };
      return;
    }
    if (!this.entry || parent !== 'entry') return;
    const term = attributes.term?.trim();
    if (name === 'category' && term) this.entry.categories.push(term);
    if (name === 'primary_category' && term) this.entry.primary = term;
  }

  protected onClose(name: string, text: string, parent: string | null): void {
    const entry = this.entry;
    if (name === 'totalResults' && parent === 'feed') {
      const n = Number(text.trim());
      this.totalResults = text.trim() !== '' && Number.isInteger(n) ? n : null;
    } else if (entry && name === 'entry') {
      this.entry = null;
      this.endRecord(entryToRecord(entry));
    } else if (entry && name === 'name' && parent === 'author') {
      const author = normalizeSpace(text);
      if (author !== '') entry.authors.push(author);
    } else if (entry && parent === 'entry' && Object.hasOwn(ENTRY_TEXT, name)) {
      const value = normalizeSpace(text);
      entry[ENTRY_TEXT[name as keyof typeof ENTRY_TEXT]] = value === '' ? null : value;
    }
  }
}

function entryToRecord(entry: Entry): PaperRecord | string {
  if (entry.id !== null && ERROR_ENTRY.test(entry.id)) {
    return `arXiv API error: ${entry.summary ?? entry.id}`;
  }
  return toRecordOrReason(() => {
    if (entry.id === null) throw new FieldError('missing field "id"');
    const { id, version } = readArxivId(entry.id);
    if (entry.title === null) throw new FieldError('missing field "title"');
    // Primary first, as in every other source, and listed once.
    const primary = entry.primary ?? entry.categories[0] ?? null;
    const categories = primary === null ? [] : [primary, ...entry.categories.filter((c) => c !== primary)];
    return paperRecord({
      id,
      version,
      title: entry.title,
      abstract: entry.summary,
      authors: entry.authors,
      categories,
      primaryCategory: primary,
      publishedAt: toInstant(entry.published, 'published'),
      updatedAt: toInstant(entry.updated, 'updated'),
      comment: entry.comment,
      journalRef: entry.journalRef,
      doi: entry.doi,
      source: 'arxiv',
    });
  });
}

/** One API response page, as the live client fetches it. */
export function parseAtomFeed(xml: string, options: ParseOptions = {}): { items: ParsedItem[]; totalResults: number | null } {
  const handler = new AtomHandler(options.maxRecordBytes);
  const failure = parseXmlString(xml, handler);
  const items = handler.out.splice(0);
  if (failure !== null) items.push({ kind: 'rejected', at: handler.at, reason: failure });
  return { items, totalResults: handler.totalResults };
}

/** An Atom file of any size; `at` is the entry number. */
export function parseAtom(input: ByteSource, options: ParseOptions = {}): AsyncGenerator<ParsedItem> {
  return streamXml(input, new AtomHandler(options.maxRecordBytes));
}
