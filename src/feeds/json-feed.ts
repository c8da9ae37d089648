/**
 * A list of papers as JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), beside each Atom
 * feed. Pure: the caller picks the items. (The `feed` package writes version 1, whose single
 * `author` 1.1 replaced with `authors`, so the document is written here.)
 */
import type { ListedPaper } from '../core/paper.ts';
import { withoutUnprintable } from '../core/text.ts';
import { listedAt } from './hf-json.ts';
import { arxivLinks, paperPath } from './links.ts';

export const JSON_FEED_TYPE = 'application/feed+json; charset=utf-8';

export interface JsonFeedContext {
  baseUrl: string;
  title: string;
  /** Absolute address of this feed. */
  feedUrl: string;
  /** The page the feed follows. */
  homePageUrl: string;
  description?: string;
}

export function jsonFeed(items: ListedPaper[], context: JsonFeedContext): string {
  const text = (value: string) => withoutUnprintable(value);
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: text(context.title),
    home_page_url: context.homePageUrl,
    feed_url: context.feedUrl,
    ...(context.description ? { description: text(context.description) } : {}),
    items: items.map((item) => {
      const { paper } = item;
      const url = `${context.baseUrl}${paperPath(paper.id)}`;
      const external = arxivLinks(paper.id)?.abs;
      return {
        id: url,
        url,
        ...(external ? { external_url: external } : {}),
        title: text(paper.title),
        content_text: text(paper.abstract ?? ''),
        date_published: new Date(listedAt(item)).toISOString(),
        ...(paper.authors.length > 0 ? { authors: paper.authors.map((name) => ({ name: text(name) })) } : {}),
        ...(paper.categories.length > 0 ? { tags: paper.categories } : {}),
      };
    }),
  });
}
