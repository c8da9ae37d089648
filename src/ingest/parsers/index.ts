/** Import parsers: one per file format, plus the detector the importer and CLI use. */
export { arxivListingToRecord, parseArxivListing } from './arxiv-listing.ts';
export { AtomHandler, parseAtom, parseAtomFeed } from './atom.ts';
export { beirToRecord, parseBeir } from './beir.ts';
export {
  detectJsonFormat,
  detectXmlFormat,
  FORMAT_OPTIONS,
  FormatDetectionError,
  IMPORT_FORMATS,
  isFormatOption,
  openImportStream,
  PARSERS,
  type FormatOption,
  type ImportFormat,
  type ImportStream,
  type Parser,
} from './detect.ts';
export { normalizeSpace } from './fields.ts';
export { hfDailyItemToRecord, hfFlatToRecord, hfKeyedToRecord, parseHfDaily } from './hf-daily.ts';
export { kaggleToRecord, parseKaggle } from './kaggle.ts';
export { MAX_LINE_BYTES, readLines, type LineEvent } from './lines.ts';
export { DELETED_AT_SOURCE, OaiPmhHandler, parseOaiPmh, parseOaiPmhPage, type OaiError, type OaiPmhPage } from './oai-pmh.ts';
export { MAX_RECORD_BYTES, type ByteSource, type ParseOptions } from './source.ts';
export { DTD_REFUSED } from './xml.ts';
