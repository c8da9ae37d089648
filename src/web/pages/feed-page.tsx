import type { FeedItem } from '../../core/paper.ts';
import { plural } from '../views/format.ts';
import { Layout, type Site, type Tabs } from '../views/layout.tsx';
import { PaperCard } from '../views/paper-card.tsx';
import { type NavLink, PageNav, WindowNav } from '../views/pager.tsx';

export interface FeedPageProps {
  site: Site;
  tabs: Tabs;
  /** The window in words: `Mar 2, 2026`, `Week 10, 2026`, `March 2026`. */
  heading: string;
  /** The days a week spans, under its heading; a day or month needs none. */
  subheading?: string;
  /** The list in a sentence, for search engines and link previews. */
  description: string;
  /** What the window is, for the empty message: `day`, `week`, `month`. */
  unit: string;
  items: FeedItem[];
  total: number;
  previous: NavLink | null;
  next: NavLink | null;
  page: { current: number; count: number; href: (page: number) => string };
}

/** A day's, week's or month's papers, most upvoted first. */
export function FeedPage(props: FeedPageProps) {
  const { site, tabs, heading, subheading, description, unit, items, total, previous, next, page } = props;
  return (
    <Layout
      site={site}
      title={`Daily Papers — ${heading}`}
      head={{ description, path: page.href(page.current) }}
      tabs={tabs}
      feedLink
    >
      <div class="feed-head">
        <h1>{heading}</h1>
        <p class="count">
          {subheading && `${subheading} · `}
          {plural(total, 'paper')}
        </p>
      </div>
      <WindowNav previous={previous} next={next} />
      {items.length > 0 ? (
        <div class="cards">
          {items.map((item) => (
            <PaperCard paper={item.paper} />
          ))}
        </div>
      ) : (
        <p class="empty">{page.current > 1 ? 'No papers on this page.' : `No papers on this ${unit}.`}</p>
      )}
      <PageNav {...page} />
    </Layout>
  );
}
