/** The paper as Markdown: `/papers/{id}.md`, and `/papers/{id}` asked for with `Accept: text/markdown`. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { paperPath } from '../../feeds/links.ts';
import { paperMarkdown } from '../../feeds/paper-markdown.ts';
import { discussion } from '../../social/comments.ts';
import type { WebContext } from '../context.ts';
import { lookUpPaper } from '../paper-lookup.ts';

export const MARKDOWN_SUFFIX = '.md';
const MARKDOWN = 'text/markdown; charset=utf-8';

/**
 * Whether the Accept header prefers Markdown to HTML. Browsers name text/html and never
 * text/markdown, so they keep getting the page; `*\/*` counts for neither.
 */
export function wantsMarkdown(accept: string | undefined): boolean {
  const markdown = quality(accept, 'text/markdown');
  return markdown > 0 && markdown >= quality(accept, 'text/html');
}

function quality(accept: string | undefined, type: string): number {
  for (const part of (accept ?? '').split(',')) {
    const [name, ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (name !== type) continue;
    const q = params.find((param) => param.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    return Number.isFinite(value) ? value : 0;
  }
  return 0;
}

/** Any form of a stored paper's id is answered directly (no redirect); anything else is 404. */
export async function sendPaperMarkdown(ctx: WebContext, request: FastifyRequest, reply: FastifyReply, input: string) {
  reply.header('vary', 'Accept').type(MARKDOWN);
  const found = await lookUpPaper(ctx.store, input, request.viewer);
  if (found.kind !== 'found') return reply.code(404).send(`# Not found\n\nNo paper ${input} here.\n`);
  const comments = await discussion(ctx.store, found.paper.id, request.viewer);
  const pageUrl = `${ctx.config.baseUrl}${paperPath(found.paper.id)}`;
  return reply.code(200).send(paperMarkdown(found.paper, comments, pageUrl));
}
