/**
 * The community's JSON API: upvotes, comments, submissions, indexing, trending explanations.
 * Writes take `Authorization: Bearer <token>` or the session (with `x-csrf-token`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseArxivId } from '../../core/arxiv-id.ts';
import { explainTrending } from '../../rank/trending.ts';
import { deleteComment, discussion, editComment, postComment } from '../../social/comments.ts';
import { Refusal } from '../../social/errors.ts';
import { hideComment } from '../../social/moderation.ts';
import { indexPaper, submitPaper } from '../../social/submit.ts';
import { vote } from '../../social/votes.ts';
import { hfPaper } from '../../feeds/hf-json.ts';
import { feedEntryOf } from '../../store/feed.ts';
import { apiWriteGuard, requireViewer } from '../auth.ts';
import type { WebContext } from '../context.ts';
import { answeringRefusals } from '../refusals.ts';

/** `/api/papers/{id}/…`; an old-style id (hep-th/9901001) sends its slash as %2F. */
const paperPath = (suffix: string) => `/api/papers/:id/${suffix}`;

function paperIdOf(request: FastifyRequest): string {
  const input = (request.params as { id: string }).id;
  return parseArxivId(input)?.id ?? input;
}

function commentIdOf(request: FastifyRequest): number {
  const id = Number((request.params as { commentId: string }).commentId);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Refusal('not-found', 'no such comment');
  return id;
}

function body(request: FastifyRequest): Record<string, unknown> {
  return request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
}

export function registerCommunityApi(app: FastifyInstance, ctx: WebContext): void {
  const write = { preHandler: apiWriteGuard(app) };
  const { store, config, community } = ctx;

  for (const method of ['POST', 'DELETE'] as const) {
    app.route({
      method,
      url: paperPath('upvote'),
      ...write,
      handler: (request, reply) =>
        answeringRefusals(ctx, request, reply, async () => {
          const state = await vote(
            store,
            requireViewer(request),
            paperIdOf(request),
            method === 'POST',
            config.trending,
            community.now(),
          );
          ctx.cache.clear();
          return state;
        }),
    });
  }

  app.get(paperPath('comments'), (request, reply) =>
    answeringRefusals(ctx, request, reply, () => discussion(store, paperIdOf(request), request.viewer)),
  );
  app.post(paperPath('comments'), write, (request, reply) =>
    answeringRefusals(ctx, request, reply, async () => {
      const comment = await postComment(
        store,
        requireViewer(request),
        paperIdOf(request),
        body(request),
        config.trending,
        community.now(),
      );
      ctx.cache.clear();
      return reply.code(201).send(comment);
    }),
  );

  app.get(paperPath('trending'), (request, reply) =>
    answeringRefusals(ctx, request, reply, async () => {
      const explanation = await explainTrending(store, paperIdOf(request), config.trending, community.now());
      if (!explanation) throw new Refusal('not-found', `Paper ${paperIdOf(request)} not found`);
      return explanation;
    }),
  );

  app.patch('/api/comments/:commentId', write, (request, reply) =>
    answeringRefusals(ctx, request, reply, () =>
      editComment(store, requireViewer(request), commentIdOf(request), body(request).text, community.now()),
    ),
  );
  app.delete('/api/comments/:commentId', write, (request, reply) =>
    answeringRefusals(ctx, request, reply, async () => {
      await deleteComment(store, requireViewer(request), commentIdOf(request), config.trending, community.now());
      ctx.cache.clear();
      return reply.code(204).send();
    }),
  );
  app.post('/api/comments/:commentId/hide', write, (request, reply) =>
    answeringRefusals(ctx, request, reply, async () => {
      const { hidden, reason } = body(request);
      await hideComment(
        store,
        requireViewer(request),
        commentIdOf(request),
        hidden !== false,
        reason,
        config.trending,
        community.now(),
      );
      ctx.cache.clear();
      return { hidden: hidden !== false };
    }),
  );

  // Hugging Face's submit endpoint: the paper goes on today's feed with the caller as submitter.
  app.post('/api/daily_papers', write, (request, reply) =>
    answeringRefusals(ctx, request, reply, async () => {
      const now = community.now();
      const submission = await submitPaper(store, requireViewer(request), body(request).arxivId, {
        lookup: community.arxivLookup,
        maxAgeDays: config.submitMaxAgeDays,
        now,
      });
      ctx.cache.clear();
      const entry = await feedEntryOf(store, submission.paper.id);
      return reply
        .code(submission.created ? 201 : 200)
        .send({ ...hfPaper(submission.paper, entry, ctx.hf), alreadySubmitted: !submission.created });
    }),
  );

  app.post('/api/papers/index', write, (request, reply) =>
    answeringRefusals(ctx, request, reply, async () => {
      const paper = await indexPaper(store, body(request).arxivId, { lookup: community.arxivLookup, now: community.now() });
      return hfPaper(paper, null, ctx.hf);
    }),
  );
}
