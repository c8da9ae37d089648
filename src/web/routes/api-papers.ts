/** `GET /api/papers/{id}` and `GET /api/papers?cursor=&limit=`: papers as Hugging Face serves them. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { ARXIV_ID_HELP } from '../../core/arxiv-id.ts';
import { hfPaper, hfPaperDetail } from '../../feeds/hf-json.ts';
import { HfPaper, HfPaperDetail } from '../../feeds/hf-shapes.ts';
import { discussion } from '../../social/comments.ts';
import { feedEntryOf } from '../../store/feed.ts';
import { feedEntriesOf } from '../../store/feed.ts';
import { listPapers } from '../../store/papers.ts';
import { choiceParam, cursorParam, PUBLIC, refused } from '../api-schema.ts';
import type { WebContext } from '../context.ts';
import { jsonResponse } from '../json.ts';
import type { Rendered } from '../response-cache.ts';
import { lookUpPaper } from '../paper-lookup.ts';
import { decodeCursor, encodeCursor } from '../params.ts';
import { DEFAULT_LIMIT, limitParam } from './api-daily-papers.ts';
import { Refusal } from '../../social/errors.ts';

const PaperListQuery = Type.Object({
  cursor: cursorParam('Opaque; taken from the previous page’s Link header.'),
  limit: limitParam,
});

export function registerPapersApi(app: FastifyInstance, ctx: WebContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/papers',
    {
      schema: {
        operationId: 'listPapers',
        tags: ['papers'],
        summary: 'Every paper, newest publication first',
        description: 'The next page, when there is one, is linked from the `Link` header (`rel="next"`).',
        security: PUBLIC,
        querystring: PaperListQuery,
        response: {
          200: {
            ...Type.Array(HfPaper),
            description: 'One page of papers.',
            headers: { Link: Type.String({ description: '`<URL>; rel="next"` when more papers follow.' }) },
          },
          400: refused('A bad cursor or limit.'),
        },
      },
    },
    async (request, reply) => {
      await ctx.cache.serve(request, reply, () => renderPaperList(ctx, request.query));
    },
  );

  // A wildcard: old-style ids and pasted URLs contain slashes. Any form is answered directly
  // (no redirect), so a client that does not follow redirects still gets the paper.
  api.get(
    '/api/papers/*',
    {
      schema: {
        operationId: 'getPaper',
        tags: ['papers'],
        summary: 'One paper',
        security: PUBLIC,
        params: Type.Object({ '*': Type.String() }),
        querystring: Type.Object({ field: choiceParam(['comments'], '`comments` adds the comments.') }),
        response: {
          200: { ...HfPaperDetail, description: 'The paper.' },
          400: refused('A bad field parameter.'),
          404: refused('No such paper here (also for a text that is no paper id).'),
        },
      },
      // The document names the wildcard for what it holds.
      config: {
        swaggerTransform: ({ schema }) => ({
          url: '/api/papers/{arxivId}',
          schema: {
            ...schema,
            params: Type.Object({
              arxivId: Type.String({
                description:
                  'An arXiv id in any form: 2401.12345, 2401.12345v2, arXiv:2401.12345, hep-th/9901001 (the slash is sent as is), ' +
                  'or an arxiv.org abs/pdf URL; or a corpus id stored verbatim.',
              }),
            }),
          },
        }),
      },
    },
    async (request, reply) => {
      const found = await lookUpPaper(ctx.store, request.params['*'], request.viewer);
      // As on Hugging Face, an id that names no paper here is not found, whatever its form.
      if (found.kind === 'unreadable') {
        throw new Refusal('not-found', `Paper ${JSON.stringify(found.input)} not found: ${ARXIV_ID_HELP}`);
      }
      if (found.kind === 'unknown') throw new Refusal('not-found', `Paper ${found.id} not found`);
      const entry = await feedEntryOf(ctx.store, found.paper.id);
      const comments = request.query.field === 'comments' ? await discussion(ctx.store, found.paper.id, request.viewer) : null;
      return reply.header('access-control-allow-origin', '*').send(hfPaperDetail(found.paper, entry, ctx.hf, comments));
    },
  );
}

async function renderPaperList(ctx: WebContext, query: Static<typeof PaperListQuery>): Promise<Rendered> {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  const limit = query.limit ?? DEFAULT_LIMIT;
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
