/**
 * Where to send a person back to after a form (an upvote from a list, logging in): a path on
 * this site only, so a crafted link cannot make the hub redirect anyone elsewhere.
 */

const MAX_LENGTH = 2000;
const ORIGIN = 'http://same.site';

/** `text` when it is a path on this site (`/papers/week/2026-W09?p=2#paper-2603.00010`), else null. */
export function sameSitePath(text: string | undefined): string | null {
  // `//host` and `/\host` are other sites to a browser; control characters and spaces have no place in a path.
  if (!text || text.length > MAX_LENGTH || !text.startsWith('/') || /^\/[/\\]/.test(text) || /[\s\p{Cc}]/u.test(text)) {
    return null;
  }
  try {
    const url = new URL(text, ORIGIN);
    return url.origin === ORIGIN ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}
