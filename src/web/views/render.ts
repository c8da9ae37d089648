import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** A whole HTML document from a page component; text in the tree is escaped by the renderer. */
export function renderPage<P>(page: VNode<P>): string {
  return `<!doctype html>${renderToString(page)}`;
}
