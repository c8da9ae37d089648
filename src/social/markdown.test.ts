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

  it('shows raw HTML as text', () => {
    expect(renderCommentMarkdown('<b>bold</b>')).toBe('<p>&lt;b&gt;bold&lt;/b&gt;</p>');
  });
});
