/** A parsed arXiv identifier: the id without version, and the version when one was given. */
export interface ArxivId {
  id: string;
  version: number | null;
}

// New style since 2007-04: YYMM.NNNN (to 2014) or YYMM.NNNNN (from 2015).
const NEW_STYLE = /^(\d{4}\.\d{4,5})(?:v(\d+))?$/;
// Old style: archive(.SUBJ)/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136.
const OLD_STYLE = /^([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?$/;
const URL_PREFIX = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\//i;

/**
 * Reads an arXiv id in any form people paste: bare, with version, `arXiv:` prefixed,
 * or an abs/pdf/html URL. Returns null for anything else.
 */
export function parseArxivId(input: string): ArxivId | null {
  let text = input.trim();
  if (URL_PREFIX.test(text)) {
    text = text
      .replace(URL_PREFIX, '')
      .replace(/\.pdf$/i, '')
      .replace(/[?#].*$/, '')
      .replace(/\/$/, '');
  } else {
    text = text.replace(/^arxiv:/i, '');
  }
  const match = NEW_STYLE.exec(text) ?? OLD_STYLE.exec(text);
  if (!match) return null;
  const id = match[1]!;
  if (NEW_STYLE.test(id) && !plausibleMonth(id)) return null;
  return { id, version: match[2] ? Number(match[2]) : null };
}

function plausibleMonth(id: string): boolean {
  const month = Number(id.slice(2, 4));
  return month >= 1 && month <= 12;
}

/** The short message shown when an id cannot be read. */
export const ARXIV_ID_HELP =
  'expected an arXiv id such as 2401.12345, 2401.12345v2, arXiv:2401.12345, hep-th/9901001 or an arxiv.org/abs or /pdf URL';
