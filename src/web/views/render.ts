import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { withoutUnprintable } from '../../core/text.ts';

/**
 * A whole HTML document from a page component; text in the tree is escaped by the renderer,
 * and control characters (from a query, a comment, an old import) are dropped.
 */
export function renderPage<P>(page: VNode<P>): string {
  return withoutUnprintable(`<!doctype html>${renderToString(page)}`);
}
