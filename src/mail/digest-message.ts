import type { Paper } from '../core/paper.ts';
import { escapeHtml } from './html-escape.ts';
import type { MailMessage } from './transport.ts';

export interface DigestContent {
  /** e.g. "Daily Papers — Thu, 5 Mar 2026". */
  heading: string;
  papers: Pick<Paper, 'id' | 'title' | 'authors' | 'abstract' | 'upvotes'>[];
  baseUrl: string;
  unsubscribeUrl: string;
  manageUrl: string;
  /** A member's daily "For you" section: recommended papers with their reasons (absent or empty: none). */
  forYou?: { paper: Pick<Paper, 'id' | 'title'>; reason: string }[];
}

const SHOWN_AUTHORS = 5;
const EXCERPT_CHARS = 280;

/**
 * The digest mail: a plain-text part that reads well on its own, an HTML part with the same
 * content, and the RFC 8058 headers that let a mail client unsubscribe with one click.
 */
export function buildDigestMessage(to: string, content: DigestContent): MailMessage {
  const entries = content.papers.map((paper) => ({
    paper,
    url: `${content.baseUrl}/papers/${paper.id}`,
    authors: authorLine(paper.authors),
    excerpt: excerpt(paper.abstract ?? ''),
  }));
  const forYou = (content.forYou ?? []).map(({ paper, reason }) => ({
    paper,
    reason,
    url: `${content.baseUrl}/papers/${paper.id}`,
  }));
  const text = [
    content.heading,
    `Manage your subscription: ${content.manageUrl}`,
    '',
    ...entries.flatMap(({ paper, url, authors, excerpt }, i) => [
      `${i + 1}. ${paper.title}`,
      `   ${authors}`,
      `   ▲ ${paper.upvotes} · ${url}`,
      ...(excerpt ? [`   ${excerpt}`] : []),
      '',
    ]),
    ...(forYou.length === 0
      ? []
      : [
          'For you',
          '',
          ...forYou.flatMap(({ paper, reason, url }, i) => [`${i + 1}. ${paper.title}`, `   Why: ${reason}`, `   ${url}`, '']),
          `More for you: ${content.baseUrl}/papers/for-you`,
          '',
        ]),
    '-- ',
    `You receive this because you subscribed at ${content.baseUrl}.`,
    `Unsubscribe: ${content.unsubscribeUrl}`,
    '',
  ].join('\n');
  const html = `<!doctype html>
<html><body style="font-family:sans-serif;max-width:40em;margin:auto">
<h1 style="font-size:1.3em">${escapeHtml(content.heading)}</h1>
<p style="font-size:.9em"><a href="${escapeHtml(content.manageUrl)}">Manage your subscription</a></p>
<ol>
${entries
  .map(
    ({
      paper,
      url,
      authors,
      excerpt,
    }) => `<li style="margin-bottom:1em"><a href="${escapeHtml(url)}"><strong>${escapeHtml(paper.title)}</strong></a><br>
<span style="color:#555">${escapeHtml(authors)}</span> · ▲ ${paper.upvotes}${excerpt ? `<br>\n${escapeHtml(excerpt)}` : ''}</li>`,
  )
  .join('\n')}
</ol>
${forYouHtml(forYou, content.baseUrl)}<p style="font-size:.8em;color:#555">You receive this because you subscribed at ${escapeHtml(content.baseUrl)}.
<a href="${escapeHtml(content.unsubscribeUrl)}">Unsubscribe</a></p>
</body></html>
`;
  return {
    to,
    subject: content.heading,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${content.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

function forYouHtml(items: { paper: Pick<Paper, 'title'>; reason: string; url: string }[], baseUrl: string): string {
  if (items.length === 0) return '';
  const entries = items
    .map(
      ({ paper, reason, url }) =>
        `<li style="margin-bottom:1em"><a href="${escapeHtml(url)}"><strong>${escapeHtml(paper.title)}</strong></a><br>\n<span style="color:#555">Why: ${escapeHtml(reason)}</span></li>`,
    )
    .join('\n');
  return `<h2 style="font-size:1.1em">For you</h2>
<ol>
${entries}
</ol>
<p style="font-size:.9em"><a href="${escapeHtml(`${baseUrl}/papers/for-you`)}">More for you</a></p>
`;
}

function authorLine(authors: string[]): string {
  if (authors.length === 0) return 'Unknown authors';
  return authors.length > SHOWN_AUTHORS ? `${authors.slice(0, SHOWN_AUTHORS).join(', ')} et al.` : authors.join(', ');
}

/** The first lines of an abstract, cut at a word so no word is broken. */
export function excerpt(abstract: string): string {
  const text = abstract.replace(/\s+/g, ' ').trim();
  if (text.length <= EXCERPT_CHARS) return text;
  const cut = text.slice(0, EXCERPT_CHARS);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : EXCERPT_CHARS)}…`;
}
