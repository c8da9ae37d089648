/**
 * An OPML 2.0 subscription list (http://opml.org/spec2.opml): what feed readers import to
 * follow many feeds at once. Pure. No XML builder is a dependency, so attribute values are
 * escaped here: every character that could end or break an attribute, and the ones XML 1.0
 * forbids outright (removed).
 */
import { withoutUnprintable } from '../core/text.ts';

export interface OpmlOutline {
  title: string;
  xmlUrl: string;
  htmlUrl: string;
}

export function feedsOpml(list: { title: string; outlines: OpmlOutline[]; now: Date }): string {
  const outlines = list.outlines.map(
    (o) =>
      `    <outline type="rss" text="${attribute(o.title)}" title="${attribute(o.title)}" xmlUrl="${attribute(o.xmlUrl)}" htmlUrl="${attribute(o.htmlUrl)}"/>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${attribute(list.title)}</title>`,
    `    <dateCreated>${list.now.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text safe inside a double-quoted attribute or an element; line breaks kept as character references. */
function attribute(text: string): string {
  return withoutUnprintable(text)
    .replace(/[&<>"']/g, (ch) => ENTITIES[ch]!)
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}
