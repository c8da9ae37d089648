import type { ComponentChildren } from 'preact';
import type { FeedItem } from '../../core/paper.ts';
import { plural } from '../views/format.ts';
import { Follow, followDaily } from '../views/follow.tsx';
import { Layout, type Site, type Tabs } from '../views/layout.tsx';
import { type CardContext, CardList, PaperCard } from '../views/paper-card.tsx';
import { type NavLink, PageNav, type Paging, WindowNav } from '../views/pager.tsx';

export interface FeedPageProps {
  site: Site;
  tabs: Tabs | null;
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
  page: Paging;
  cards: CardContext;
  /** The date picker's day and the latest day it offers; absent on lists that are not windows (trending). */
  datePicker?: { value: string; max: string };
  /** What a list adds to each card (the trending sparklines). */
  cardExtra?: (item: FeedItem) => ComponentChildren;
}

/** A day's, week's or month's papers (or trending), most upvoted first. */
export function FeedPage(props: FeedPageProps) {
  const { site, tabs, heading, subheading, description, unit, items, total, previous, next, page, cards, datePicker, cardExtra } =
    props;
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
        {datePicker && <DatePicker {...datePicker} />}
        <Follow {...followDaily(site, cards)} />
      </div>
      <WindowNav previous={previous} next={next} />
      <PageNav {...page} place="top" />
      {items.length > 0 ? (
        <CardList context={cards} densityToggle>
          {items.map((item) => (
            <PaperCard item={item} context={cards}>
              {cardExtra?.(item)}
            </PaperCard>
          ))}
        </CardList>
      ) : (
        <Empty unit={unit} previous={previous} next={next} />
      )}
      <PageNav {...page} place="bottom" />
      {cards.member && <script type="module" src={site.upvoteScriptHref} />}
    </Layout>
  );
}

/** Jumps to any day; a GET form, so it works without script. */
function DatePicker(props: { value: string; max: string }) {
  return (
    <form class="date-picker" action="/papers/date" method="get">
      <label>
        Go to day <input type="date" name="day" value={props.value} max={props.max} required />
      </label>{' '}
      <button type="submit">Go</button>
    </form>
  );
}

/** An empty window says so and leads to the nearest windows that have papers. */
function Empty(props: { unit: string; previous: NavLink | null; next: NavLink | null }) {
  const { unit, previous, next } = props;
  const nearest = [previous, next].filter((link): link is NavLink => link !== null);
  return (
    <p class="empty">
      No papers {unit === 'day' ? 'on' : 'in'} this {unit}.
      {nearest.length > 0 && (
        <>
          {' '}
          The nearest with papers:{' '}
          {nearest.map((link, i) => (
            <>
              {i > 0 && ' and '}
              <a href={link.href}>{link.target}</a>
            </>
          ))}
          .
        </>
      )}
    </p>
  );
}
