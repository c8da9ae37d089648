import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Raw HTML in the source is shown as text (html: false); the sanitiser below is the second
// wall, so a bug in either one alone cannot let markup through.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: false });

const ALLOWED = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'h3',
    'h4',
    'hr',
    'del',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // Headings inside a comment must not outrank the page's own.
  transformTags: {
    h1: 'h3',
    h2: 'h3',
    h5: 'h4',
    h6: 'h4',
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc noopener' }),
  },
} satisfies sanitizeHtml.IOptions;

/** A comment's Markdown as HTML that is safe to place in a page as is. */
export function renderCommentMarkdown(text: string): string {
  return sanitizeHtml(markdown.render(text), ALLOWED).trim();
}
