/** A list of papers as a feed reader asks for it: Atom or JSON Feed 1.1, with its content type. */
import type { ListedPaper } from '../core/paper.ts';
import { dailyAtom } from './atom.ts';
import { JSON_FEED_TYPE, jsonFeed } from './json-feed.ts';

export type FeedFormat = 'atom' | 'json';

export function listFeed(
  format: FeedFormat,
  items: ListedPaper[],
  context: { baseUrl: string; title: string; self: string; homePageUrl: string },
): { type: string; body: string } {
  const { baseUrl, title, self, homePageUrl } = context;
  return format === 'atom'
    ? { type: 'application/atom+xml; charset=utf-8', body: dailyAtom(items, { baseUrl, title, self }) }
    : { type: JSON_FEED_TYPE, body: jsonFeed(items, { baseUrl, title, feedUrl: self, homePageUrl }) };
}
