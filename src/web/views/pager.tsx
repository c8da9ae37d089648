/** A link to a neighbouring window (day, week, month) or page. */
export interface NavLink {
  href: string;
  label: string;
  /** The window it leads to in words (`Feb 25, 2026`), for the message on an empty window. */
  target: string;
}

/** Previous/next links for the window being shown; rel lets browsers and crawlers follow them. */
export function WindowNav(props: { previous: NavLink | null; next: NavLink | null }) {
  const { previous, next } = props;
  if (!previous && !next) return null;
  return (
    <nav class="window-nav" aria-label="Other dates">
      {previous ? (
        <a class="button" rel="prev" href={previous.href} title={previous.target}>
          ← {previous.label}
        </a>
      ) : (
        <span />
      )}
      {next && (
        <a class="button" rel="next" href={next.href} title={next.target}>
          {next.label} →
        </a>
      )}
    </nav>
  );
}

/**
 * Papers on one page of a paged list (weeks, months, trending, searches, filters): thirty cards
 * keep a page within its weight (45 KB of HTML with abstracts, trending's sparklines included).
 */
export const PER_PAGE = 30;

/** How a long list is cut into pages; pages count from 1 for people. */
export interface Paging {
  current: number;
  count: number;
  href: (page: number) => string;
}

/** The pages of a list with `total` entries, `perPage` a page; an empty list is one (empty) page. */
export function paging(current: number, total: number, perPage: number, href: (page: number) => string): Paging {
  return { current, count: Math.max(1, Math.ceil(total / perPage)), href };
}

/** `path` for the first page, `path?p=N` (or `&p=N` after a query) for the others. */
export function pageHref(path: string): (page: number) => string {
  const join = path.includes('?') ? '&' : '?';
  return (page) => (page === 1 ? path : `${path}${join}p=${page}`);
}

/**
 * Page links above and below a long list (each its own landmark name). Routes send a page
 * past the end to the last one, so this never says "Page 3 of 2".
 */
export function PageNav(props: Paging & { place: 'top' | 'bottom' }) {
  const { current, count, href, place } = props;
  if (count <= 1) return null;
  return (
    <nav class={`page-nav page-nav-${place}`} aria-label={place === 'top' ? 'Pages' : 'Pages, bottom'}>
      {current > 1 ? <a href={href(current - 1)}>Previous page</a> : <span />}
      <span class="page-count">
        Page {current} of {count}
      </span>
      {current < count ? <a href={href(current + 1)}>Next page</a> : <span />}
    </nav>
  );
}
