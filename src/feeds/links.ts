import { parseArxivId } from '../core/arxiv-id.ts';

/** `/papers/{id}` with each segment encoded, keeping the slash of old-style ids (hep-th/9901001). */
export function paperPath(id: string): string {
  return `/papers/${id.split('/').map(encodeURIComponent).join('/')}`;
}

/** arXiv's abstract and PDF pages, for ids that are arXiv ids (not a corpus's own ids). */
export function arxivLinks(id: string): { abs: string; pdf: string } | null {
  if (parseArxivId(id)?.id !== id) return null;
  return { abs: `https://arxiv.org/abs/${id}`, pdf: `https://arxiv.org/pdf/${id}` };
}

// The scheme is fixed by the prefix, whatever follows; whitespace would make it no URL at all.
const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

/**
 * The URL as given when it is an absolute http(s) URL, else null: imported data must not be
 * able to put a `javascript:` link on a page or hand one to an API client.
 */
export function safeHttpUrl(url: string | null): string | null {
  return url && HTTP_URL.test(url) ? url : null;
}
