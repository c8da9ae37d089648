/**
 * The Kaggle arXiv metadata snapshot (arxiv-metadata-oai-snapshot.json, JSON Lines): authors as
 * one TeX string plus `authors_parsed` [[last, first, suffix]], categories space-separated,
 * `versions` [{version: "v1", created: "Mon, 2 Apr 2007 19:18:42 GMT"}].
 */
import { paperRecord, type PaperRecord, type ParsedItem } from '../../core/paper.ts';
import {
  asObject,
  FieldError,
  isObject,
  normalizeSpace,
  optString,
  readArxivId,
  reqString,
  toInstant,
  toRecordOrReason,
  type JsonObject,
} from './fields.ts';
import { mapJsonRecords } from './json-records.ts';
import type { ByteSource, ParseOptions } from './source.ts';

export function kaggleToRecord(value: unknown): PaperRecord | string {
  return toRecordOrReason(() => {
    const obj = asObject(value);
    const { id, version: idVersion } = readArxivId(reqString(obj, 'id'));
    const versions = readVersions(obj);
    const first = versions.find((v) => v.number === 1) ?? versions[0];
    const latest = versions.at(-1);
    return paperRecord({
      id,
      version: latest?.number ?? idVersion,
      title: reqString(obj, 'title'),
      abstract: optString(obj, 'abstract'),
      authors: readAuthors(obj),
      categories: (optString(obj, 'categories') ?? '').split(' ').filter((c) => c !== ''),
      publishedAt: first?.created ?? null,
      updatedAt: latest?.created ?? null,
      comment: optString(obj, 'comments'),
      journalRef: optString(obj, 'journal-ref'),
      doi: optString(obj, 'doi'),
      source: 'arxiv',
    });
  });
}

export function parseKaggle(input: ByteSource, options?: ParseOptions): AsyncGenerator<ParsedItem> {
  return mapJsonRecords(input, kaggleToRecord, options);
}

interface Version {
  number: number;
  created: string | null;
}

/** Versions sorted by number; the snapshot lists them in order, but nothing promises it. */
function readVersions(obj: JsonObject): Version[] {
  const raw = obj.versions;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new FieldError('field "versions" must be a list');
  return raw
    .map((entry): Version => {
      const v = isObject(entry) ? entry : {};
      const label = typeof v.version === 'string' ? /^v(\d+)$/.exec(v.version.trim()) : null;
      if (!label) throw new FieldError(`field "versions" has a bad entry: ${JSON.stringify(entry)}`);
      return { number: Number(label[1]), created: toInstant(optString(v, 'created'), 'versions.created') };
    })
    .sort((a, b) => a.number - b.number);
}

/**
 * `authors_parsed` already has the TeX accents resolved (Bal\'azs → Balázs) and the name parts
 * split, so it is preferred; the `authors` string is the fallback, split on commas and "and".
 */
function readAuthors(obj: JsonObject): string[] {
  const parsed = obj.authors_parsed;
  if (Array.isArray(parsed) && parsed.length > 0) {
    return parsed
      .map((parts) => {
        if (!Array.isArray(parts) || parts.some((p) => typeof p !== 'string')) {
          throw new FieldError('field "authors_parsed" must be a list of [last, first, suffix]');
        }
        const [last = '', first = '', suffix = ''] = parts as string[];
        return normalizeSpace(`${first} ${last} ${suffix}`);
      })
      .filter((name) => name !== '');
  }
  const text = optString(obj, 'authors');
  if (text === null) return [];
  return text
    .split(/,|\s+and\s+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
