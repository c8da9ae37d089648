import type { ComponentChildren } from 'preact';
import { type PageHead, PageMeta } from './page-head.tsx';
import { SubscribeBanner } from './subscribe-banner.tsx';

/** Addresses every page links to, fixed when the server starts. */
export interface Site {
  /** Where the hub is reached (BASE_URL), for absolute links in the page's head. */
  baseUrl: string;
  /** The stylesheet, with a content hash so it can be cached for good. */
  cssHref: string;
  iconHref: string;
  /** The small script that upvotes without a reload (pages work without it). */
  upvoteScriptHref: string;
  /** Absolute address of the daily Atom feed. */
  atomHref: string;
}

export type TabName = 'daily' | 'weekly' | 'monthly';

/** The Daily / Weekly / Monthly tabs: where each leads from the page being shown. */
export interface Tabs {
  active: TabName | null;
  hrefs: Record<TabName, string>;
}

const TAB_LABELS: [TabName, string][] = [
  ['daily', 'Daily'],
  ['weekly', 'Weekly'],
  ['monthly', 'Monthly'],
];

export function Layout(props: {
  site: Site;
  title: string;
  head: PageHead;
  tabs: Tabs | null;
  feedLink?: boolean;
  /** Another feed of this page (a search's), linked for feed readers. */
  alternate?: { title: string; href: string };
  /** The search box's text, on a search page. */
  query?: string;
  children: ComponentChildren;
}) {
  const { site, title, head, tabs, feedLink, alternate, query, children } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <PageMeta baseUrl={site.baseUrl} iconHref={site.iconHref} title={title} head={head} />
        <link rel="stylesheet" href={site.cssHref} />
        <link rel="icon" type="image/svg+xml" href={site.iconHref} />
        {feedLink && <link rel="alternate" type="application/atom+xml" title="Daily Papers" href={site.atomHref} />}
        {alternate && <link rel="alternate" type="application/atom+xml" title={alternate.title} href={alternate.href} />}
      </head>
      <body>
        <header class="site-header">
          <div class="wrap">
            <a class="brand" href="/papers">
              <strong>Daily Papers</strong> <span class="tagline">— by the research community</span>
            </a>
            <form class="site-search" action="/papers" method="get" role="search">
              <input
                type="search"
                name="q"
                value={query ?? ''}
                maxLength={250}
                placeholder="Search papers"
                aria-label="Search papers"
              />
            </form>
            {/* The same links for everyone, so cached pages can be shared; /login leads members to /settings. */}
            <nav class="site-nav" aria-label="Community">
              <a href="/papers/trending">Trending</a> <a href="/papers/topics">Topics</a> <a href="/papers/submit">Submit</a>{' '}
              <a href="/login">Log in</a>
            </nav>
          </div>
        </header>
        <main class="wrap">
          {tabs && (
            <nav class="tabs" aria-label="Feeds">
              {TAB_LABELS.map(([name, label]) => (
                <a
                  href={tabs.hrefs[name]}
                  class={name === tabs.active ? 'tab active' : 'tab'}
                  aria-current={name === tabs.active ? 'page' : undefined}
                >
                  {label}
                </a>
              ))}
            </nav>
          )}
          {tabs && <SubscribeBanner />}
          {children}
        </main>
        <footer class="site-footer wrap">
          <a href="/papers/feed.atom">Atom feed</a> · <a href="/openapi.json">JSON API</a>
        </footer>
      </body>
    </html>
  );
}
