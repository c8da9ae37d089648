/**
 * Import of a BibTeX or RIS file into a member's library: every entry matched to a paper of
 * the hub is saved; the rest are reported with their line and why. Matching: the arXiv id the
 * entry carries, else its title (case and spacing aside; DOIs are not used).
 */
import { chunks } from '../core/chunks.ts';
import type { Store } from '../db/connect.ts';
import { papersTitled, visiblePaperIds } from '../store/library.ts';
import { type BibliographyEntry, parseBibliography } from './bibliography.ts';
import { savePapers } from './library.ts';

/** The largest file import takes (the route answers 413 beyond it): ~40,000 typical entries. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const BATCH = 500;

export interface ImportReport {
  format: 'bibtex' | 'ris';
  /** How the bytes were read: UTF-8, or Latin-1 when they are not UTF-8. */
  encoding: 'utf-8' | 'latin1';
  entries: number;
  matched: number;
  /** Matched papers that were not in the library before. */
  saved: number;
  alreadySaved: number;
  unmatched: { line: number; title: string | null; reason: string }[];
  broken: { line: number; reason: string }[];
  warnings: string[];
}

/** Reads bytes as UTF-8, or as Latin-1 (Windows-1252) when they are not valid UTF-8. */
export function decodeBibliography(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'latin1' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'latin1' };
  }
}

/** A title as matching compares it: lower case, single spaces, no final full stop. */
const titleKey = (title: string) => title.toLowerCase().replace(/\s+/g, ' ').trim().replace(/\.$/, '');

/**
 * What the database's `lower(title)` may give for a title of this key: the key itself, and
 * (SQLite folds only ASCII) the title with only its ASCII letters lowered.
 */
function lookupKeys(title: string): string[] {
  const spaced = title.replace(/\s+/g, ' ').trim();
  const asciiLowered = spaced.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  return [...new Set([titleKey(title), asciiLowered, asciiLowered.replace(/\.$/, '')])];
}

export async function importBibliography(
  store: Store,
  member: { id: number },
  bytes: Uint8Array,
  now: Date,
): Promise<ImportReport> {
  const { text, encoding } = decodeBibliography(bytes);
  const { format, entries, broken } = parseBibliography(text);
  const matches = new Map<BibliographyEntry, string>();
  const unmatched: ImportReport['unmatched'] = [];

  const byId = entries.filter((entry) => entry.arxivId !== null);
  const known = new Set<string>();
  for (const batch of chunks([...new Set(byId.map((e) => e.arxivId!))], BATCH))
    for (const id of await visiblePaperIds(store, batch)) known.add(id);
  const byTitle: BibliographyEntry[] = [];
  for (const entry of entries) {
    if (entry.arxivId !== null && known.has(entry.arxivId)) matches.set(entry, entry.arxivId);
    else if (entry.title) byTitle.push(entry);
    else
      unmatched.push({
        line: entry.line,
        title: null,
        reason: entry.arxivId
          ? `arXiv ${entry.arxivId} is not on this hub, and the entry has no title`
          : 'no arXiv id and no title',
      });
  }

  const titled = new Map<string, string>();
  for (const batch of chunks([...new Set(byTitle.flatMap((e) => lookupKeys(e.title!)))], BATCH)) {
    for (const paper of await papersTitled(store, batch)) titled.set(titleKey(paper.title), paper.id);
  }
  for (const entry of byTitle) {
    const id = titled.get(titleKey(entry.title!));
    if (id) matches.set(entry, id);
    else
      unmatched.push({
        line: entry.line,
        title: entry.title,
        reason: entry.arxivId
          ? `arXiv ${entry.arxivId} is not on this hub, nor is a paper of this title`
          : 'no arXiv id, and no paper on this hub has this title',
      });
  }

  const ids = [...new Set(matches.values())];
  const saved = await savePapers(store, member, ids, now);
  unmatched.sort((a, b) => a.line - b.line);
  return {
    format,
    encoding,
    entries: entries.length,
    matched: matches.size,
    saved,
    alreadySaved: ids.length - saved,
    unmatched,
    broken,
    warnings: encoding === 'latin1' ? ['The file is not UTF-8: it was read as Latin-1 (Windows-1252).'] : [],
  };
}
