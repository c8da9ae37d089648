/** A link to a neighbouring window (day, week, month) or page. */
export interface NavLink {
  href: string;
  label: string;
}

/** Previous/next links for the window being shown; rel lets browsers and crawlers follow them. */
export function WindowNav(props: { previous: NavLink | null; next: NavLink | null }) {
  const { previous, next } = props;
  if (!previous && !next) return null;
  return (
    <nav class="window-nav" aria-label="Other dates">
      {previous ? (
        <a class="button" rel="prev" href={previous.href}>
          ← {previous.label}
        </a>
      ) : (
        <span />
      )}
      {next && (
        <a class="button" rel="next" href={next.href}>
          {next.label} →
        </a>
      )}
    </nav>
  );
}

/** Page links under a long list; pages count from 1 for people. */
export function PageNav(props: { current: number; count: number; href: (page: number) => string }) {
  const { current, count, href } = props;
  if (count <= 1) return null;
  return (
    <nav class="page-nav" aria-label="Pages">
      {current > 1 ? <a href={href(current - 1)}>Previous page</a> : <span />}
      <span class="page-count">
        Page {current} of {count}
      </span>
      {current < count ? <a href={href(current + 1)}>Next page</a> : <span />}
    </nav>
  );
}
