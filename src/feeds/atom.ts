/**
 * The daily list as an Atom 1.0 document, for feed readers. Pure: the caller picks the items.
 */
import { Feed } from 'feed';
import type { ListedPaper } from '../core/paper.ts';
import { withoutUnprintable } from '../core/text.ts';
import { listedAt } from './hf-json.ts';
import { paperPath } from './links.ts';

export interface AtomContext {
  /** Public address of this service, no trailing slash: every link in the feed is absolute. */
  baseUrl: string;
  title: string;
  /** Absolute address of this feed; the daily feed's by default. */
  self?: string;
}

// Categories become XML attributes, which the feed library does not escape: only plain ones pass.
const PLAIN_CATEGORY = /^[A-Za-z0-9.-]+$/;

export function dailyAtom(items: ListedPaper[], context: AtomContext): string {
  const home = `${context.baseUrl}/papers`;
  const newest = items.reduce((max, item) => (listedAt(item) > max ? listedAt(item) : max), '');
  const feed = new Feed({
    id: context.self ?? home,
    // A search feed's title holds the query, which may carry anything a URL can.
    title: xmlText(context.title),
    link: home,
    feed: context.self ?? `${home}/feed.atom`,
    updated: new Date(newest || 0),
    generator: false,
    copyright: '',
    // Atom requires an author on the feed or on every entry; corpus papers may have none.
    author: { name: xmlText(context.title) },
  });
  for (const item of items) {
    const { paper } = item;
    const link = `${context.baseUrl}${paperPath(paper.id)}`;
    feed.addItem({
      // The library marks title and summary as type="html": escaping them makes markup in the
      // data read as text, as it does on the pages.
      title: xmlText(escapeHtml(paper.title)),
      id: link,
      link,
      date: new Date(listedAt(item)),
      ...(paper.publishedAt ? { published: new Date(paper.publishedAt) } : {}),
      ...(paper.abstract ? { description: xmlText(escapeHtml(paper.abstract)) } : {}),
      author: paper.authors.map((name) => ({ name: xmlText(name) })),
      category: paper.categories.filter((c) => PLAIN_CATEGORY.test(c)).map((term) => ({ term })),
    });
  }
  return feed.atom1();
}

/** XML 1.0 forbids some characters anywhere, even escaped; imported text and queries could carry them. */
function xmlText(text: string): string {
  return withoutUnprintable(text);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
