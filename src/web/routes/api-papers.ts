/** `GET /api/papers/{id}` and `GET /api/papers?cursor=&limit=`: papers as Hugging Face serves them. */
import type { FastifyInstance } from 'fastify';
import { ARXIV_ID_HELP } from '../../core/arxiv-id.ts';
import { hfPaper, hfPaperDetail } from '../../feeds/hf-json.ts';
import { discussion } from '../../social/comments.ts';
import { feedEntryOf } from '../../store/feed.ts';
import { feedEntriesOf } from '../../store/feed-lookups.ts';
import { listPapers } from '../../store/papers.ts';
import type { WebContext } from '../context.ts';
import { jsonResponse } from '../json.ts';
import type { Rendered } from '../response-cache.ts';
import { lookUpPaper } from '../paper-lookup.ts';
import { cursorParam, encodeCursor, intParam, optionalChoice, ParamError, type Query } from '../params.ts';
import { DEFAULT_LIMIT, MAX_LIMIT } from './api-daily-papers.ts';

export function registerPapersApi(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: Query }>('/api/papers', (request, reply) =>
    ctx.cache.serve(request, reply, () => renderPaperList(ctx, request.query)),
  );

  // A wildcard: old-style ids and pasted URLs contain slashes. Any form is answered directly
  // (no redirect), so a client that does not follow redirects still gets the paper.
  app.get<{ Params: { '*': string }; Querystring: Query }>('/api/papers/*', async (request, reply) => {
    const withComments = optionalChoice(request.query, 'field', ['comments']) === 'comments';
    const found = await lookUpPaper(ctx.store, request.params['*']);
    if (found.kind === 'unreadable') {
      throw new ParamError(`Invalid paper id ${JSON.stringify(found.input)}: ${ARXIV_ID_HELP}`);
    }
    if (found.kind === 'unknown') return reply.code(404).send({ error: `Paper ${found.id} not found` });
    const entry = await feedEntryOf(ctx.store, found.paper.id);
    const comments = withComments ? await discussion(ctx.store, found.paper.id, request.viewer) : null;
    return reply.header('access-control-allow-origin', '*').send(hfPaperDetail(found.paper, entry, ctx.hf, comments));
  });
}

async function renderPaperList(ctx: WebContext, query: Query): Promise<Rendered> {
  const after = cursorParam(query);
  const limit = intParam(query, 'limit', { min: 1, max: MAX_LIMIT, fallback: DEFAULT_LIMIT });
  // One more than asked tells whether a next page exists without a second query.
  const papers = await listPapers(ctx.store, { after, limit: limit + 1 });
  const page = papers.slice(0, limit);
  const headers: Record<string, string> = {};
  if (papers.length > limit) {
    const last = page[page.length - 1]!;
    const cursor = encodeCursor({ publishedAt: last.publishedAt ?? '', id: last.id });
    headers.link = `<${ctx.config.baseUrl}/api/papers?cursor=${cursor}&limit=${limit}>; rel="next"`;
  }
  const entries = await feedEntriesOf(
    ctx.store,
    page.map((paper) => paper.id),
  );
  return jsonResponse(
    page.map((paper) => hfPaper(paper, entries.get(paper.id) ?? null, ctx.hf)),
    headers,
  );
}
