/**
 * A paper as Markdown: what `GET /papers/{id}.md` answers and Hugging Face's `read_paper`
 * returns — title, authors, links, abstract and discussion, for people and language models
 * that read text. Pure; the text is written as the sources gave it.
 */
import type { Paper } from '../core/paper.ts';
import { arxivLinks, safeHttpUrl } from './links.ts';

/** The parts of a comment the text shows (the social capability's comment views have them). */
export interface MarkdownComment {
  author: { handle: string; name: string } | null;
  createdAt: string;
  text: string;
  deleted: boolean;
  replies: MarkdownComment[];
}

export function paperMarkdown(paper: Paper, comments: MarkdownComment[], pageUrl: string): string {
  const arxiv = arxivLinks(paper.id);
  const links: [string, string | null][] = [
    ['Page', pageUrl],
    ['arXiv', arxiv?.abs ?? null],
    ['PDF', arxiv?.pdf ?? null],
    ['Code', safeHttpUrl(paper.githubRepo)],
    ['Project page', safeHttpUrl(paper.projectPage)],
  ];
  const facts = [
    paper.authors.length > 0 ? `**Authors:** ${paper.authors.join(', ')}` : null,
    paper.publishedAt ? `**Published:** ${paper.publishedAt.slice(0, 10)}` : null,
    `**Upvotes:** ${paper.upvotes}`,
    ...links.filter(([, url]) => url !== null).map(([label, url]) => `**${label}:** <${url}>`),
  ].filter((line) => line !== null);
  const sections = [`# ${oneLine(paper.title)}`, facts.join('  \n')];
  if (paper.abstract) sections.push('## Abstract', paper.abstract);
  if (paper.aiSummary) sections.push('## AI summary', paper.aiSummary);
  sections.push(
    '## Discussion',
    comments.length > 0 ? comments.map((c) => commentMarkdown(c, '')).join('\n\n') : 'No comments yet.',
  );
  return `${sections.join('\n\n')}\n`;
}

/** A comment and its replies; a reply is quoted under its parent. */
function commentMarkdown(comment: MarkdownComment, quote: string): string {
  const who = comment.author ? `**${comment.author.name}** (@${comment.author.handle})` : '*deleted*';
  const head = `${who}, ${comment.createdAt.slice(0, 10)}:`;
  const body = comment.deleted ? '*This comment was deleted.*' : comment.text;
  const own = [head, '', ...body.split('\n')].map((line) => `${quote}${line}`.trimEnd()).join('\n');
  const replies = comment.replies.map((reply) => commentMarkdown(reply, `${quote}> `));
  return [own, ...replies].join(`\n${quote.trimEnd()}\n`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
