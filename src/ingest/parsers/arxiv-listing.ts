/**
 * arXiv listing JSON Lines (records scraped from arxiv.org/list/<cat>/new):
 * `{id, categories[], pdf, abs, authors[], title, comment, summary, listing_date}`.
 */
import { parseDay } from '../../core/dates.ts';
import { paperRecord, type PaperRecord, type ParsedItem } from '../../core/paper.ts';
import { asObject, FieldError, optString, readArxivId, reqString, stringList, toRecordOrReason } from './fields.ts';
import { mapJsonRecords } from './json-records.ts';
import type { ByteSource, ParseOptions } from './source.ts';

export function arxivListingToRecord(value: unknown): PaperRecord | string {
  return toRecordOrReason(() => {
    const obj = asObject(value);
    const { id, version } = readArxivId(reqString(obj, 'id'));
    const listingDate = optString(obj, 'listing_date');
    const listedOn = listingDate === null ? null : parseDay(listingDate);
    if (listingDate !== null && listedOn === null) {
      throw new FieldError(`field "listing_date" is not a day: ${JSON.stringify(listingDate)}`);
    }
    return paperRecord({
      id,
      version,
      title: reqString(obj, 'title'),
      abstract: optString(obj, 'summary'),
      authors: stringList(obj, 'authors'),
      categories: stringList(obj, 'categories'),
      comment: optString(obj, 'comment'),
      listedOn,
      source: 'arxiv',
    });
  });
}

export function parseArxivListing(input: ByteSource, options?: ParseOptions): AsyncGenerator<ParsedItem> {
  return mapJsonRecords(input, arxivListingToRecord, options);
}
