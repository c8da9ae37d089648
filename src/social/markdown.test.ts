import { describe, expect, it } from 'vitest';
import { OWASP_XSS } from '../../test/support/xss.ts';
import { renderCommentMarkdown } from './markdown.ts';

describe('renderCommentMarkdown', () => {
  it('renders Markdown with links marked nofollow ugc noopener', () => {
    expect(renderCommentMarkdown('**Nice** work, see [code](https://github.com/x/y) and `f(x)`')).toBe(
      '<p><strong>Nice</strong> work, see <a href="https://github.com/x/y" rel="nofollow ugc noopener">code</a> and <code>f(x)</code></p>',
    );
    expect(renderCommentMarkdown('# Title')).toBe('<h3>Title</h3>');
  });

  it.each(OWASP_XSS)('leaves %s inert', (attack) => {
    // Every tag left is a harmless one with nothing but an http(s) href and our rel.
    const tags = renderCommentMarkdown(attack).match(/<\/?[a-z][^>]*>/gi) ?? [];
    for (const tag of tags)
      expect(tag).toMatch(/^<\/?(p|em|strong|code|a)>$|^<a href="https?:\/\/[^"]*" rel="nofollow ugc noopener">$/);
  });

  it('renders tables, code blocks and quotes', () => {
    expect(renderCommentMarkdown('| k | t |\n|---|--:|\n| 2 | 9 |')).toBe(
      '<table>\n<thead>\n<tr>\n<th>k</th>\n<th>t</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>2</td>\n<td>9</td>\n</tr>\n</tbody>\n</table>',
    );
    expect(renderCommentMarkdown('```\nx = 1\n```\n\n> said')).toBe(
      '<pre><code>x = 1\n</code></pre>\n<blockquote>\n<p>said</p>\n</blockquote>',
    );
  });

  it('shows raw HTML as text', () => {
    expect(renderCommentMarkdown('<b>bold</b>')).toBe('<p>&lt;b&gt;bold&lt;/b&gt;</p>');
  });
});
