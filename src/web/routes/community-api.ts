/**
 * The community's JSON API: upvotes, comments, submissions, indexing, trending explanations.
 * Writes take `Authorization: Bearer <token>` or the session (with `x-csrf-token`).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { parseArxivId } from '../../core/arxiv-id.ts';
import { hfPaper } from '../../feeds/hf-json.ts';
import { HfPaper } from '../../feeds/hf-shapes.ts';
import { explainTrending } from '../../rank/trending.ts';
import { deleteComment, discussion, editComment, postComment } from '../../social/comments.ts';
import { Refusal } from '../../social/errors.ts';
import { hideComment } from '../../social/moderation.ts';
import { indexPaper, submitPaper } from '../../social/submit.ts';
import { vote } from '../../social/votes.ts';
import { feedEntryOf } from '../../store/feed.ts';
import { PaperIdParams, PUBLIC, refused, SIGNED_IN, WRITE_REFUSALS } from '../api-schema.ts';
import { apiWriteGuard, requireViewer } from '../auth.ts';
import { Comment, TrendingExplanation, VoteState } from '../community-schemas.ts';
import type { WebContext } from '../context.ts';

const CommentIdParams = Type.Object({ commentId: Type.String({ pattern: '^[0-9]+$', description: 'The comment id.' }) });
const ArxivIdBody = Type.Object({ arxivId: Type.String({ description: 'An arXiv id or abs/pdf URL.' }) });
const CommentText = Type.String({ description: 'Markdown.' });

/** The paper a path names, canonical when it is an arXiv id in another form. */
const paperIdOf = (input: string) => parseArxivId(input)?.id ?? input;

function commentIdOf(text: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Refusal('not-found', 'no such comment');
  return id;
}

export function registerCommunityApi(app: FastifyInstance, ctx: WebContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const guard = apiWriteGuard(app);
  const { store, config, community } = ctx;

  for (const method of ['POST', 'DELETE'] as const) {
    api.route({
      method,
      url: '/api/papers/:arxivId/upvote',
      preHandler: guard,
      schema: {
        operationId: method === 'POST' ? 'upvotePaper' : 'withdrawUpvote',
        tags: ['community'],
        summary: method === 'POST' ? 'Upvote' : 'Take the upvote back',
        security: SIGNED_IN,
        params: PaperIdParams,
        response: { 200: VoteState, 404: refused('No such paper.'), ...WRITE_REFUSALS },
      },
      handler: async (request) => {
        const to = method === 'POST';
        const state = await vote(
          store,
          requireViewer(request),
          paperIdOf(request.params.arxivId),
          to,
          config.trending,
          community.now(),
        );
        ctx.cache.clear();
        return state;
      },
    });
  }

  api.get(
    '/api/papers/:arxivId/comments',
    {
      schema: {
        operationId: 'listComments',
        tags: ['community'],
        summary: 'The discussion',
        security: PUBLIC,
        params: PaperIdParams,
        response: { 200: Type.Array(Comment, { description: 'Top-level comments, oldest first.' }) },
      },
    },
    (request) => discussion(store, paperIdOf(request.params.arxivId), request.viewer),
  );

  api.post(
    '/api/papers/:arxivId/comments',
    {
      preHandler: guard,
      schema: {
        operationId: 'postComment',
        tags: ['community'],
        summary: 'Comment, or reply with parentId (one level)',
        security: SIGNED_IN,
        params: PaperIdParams,
        body: Type.Object({
          text: CommentText,
          parentId: Type.Optional(Type.Union([Type.Null(), Type.Integer()], { description: 'The comment answered.' })),
        }),
        response: {
          201: { ...Comment, description: 'The comment.' },
          400: refused('Empty, too long, or a reply to a reply.'),
          404: refused('No such paper.'),
          ...WRITE_REFUSALS,
        },
      },
    },
    async (request, reply) => {
      const paperId = paperIdOf(request.params.arxivId);
      const comment = await postComment(store, requireViewer(request), paperId, request.body, config.trending, community.now());
      ctx.cache.clear();
      return reply.code(201).send(comment);
    },
  );

  api.get(
    '/api/papers/:arxivId/trending',
    {
      schema: {
        operationId: 'explainTrending',
        tags: ['community'],
        summary: 'Why the paper ranks where it does',
        security: PUBLIC,
        params: PaperIdParams,
        response: { 200: TrendingExplanation, 404: refused('No such paper.') },
      },
    },
    async (request) => {
      const paperId = paperIdOf(request.params.arxivId);
      const explanation = await explainTrending(store, paperId, config.trending, community.now());
      if (!explanation) throw new Refusal('not-found', `Paper ${paperId} not found`);
      return explanation;
    },
  );

  api.patch(
    '/api/comments/:commentId',
    {
      preHandler: guard,
      schema: {
        operationId: 'editComment',
        tags: ['community'],
        summary: 'Edit your comment',
        security: SIGNED_IN,
        params: CommentIdParams,
        body: Type.Object({ text: CommentText }),
        response: {
          200: { ...Comment, description: 'The comment.' },
          400: refused('Empty or too long.'),
          404: refused('No such comment.'),
          ...WRITE_REFUSALS,
        },
      },
    },
    (request) =>
      editComment(store, requireViewer(request), commentIdOf(request.params.commentId), request.body.text, community.now()),
  );

  api.delete(
    '/api/comments/:commentId',
    {
      preHandler: guard,
      schema: {
        operationId: 'deleteComment',
        tags: ['community'],
        summary: 'Delete your comment',
        security: SIGNED_IN,
        params: CommentIdParams,
        response: { 204: Type.Null({ description: 'Deleted.' }), 404: refused('No such comment.'), ...WRITE_REFUSALS },
      },
    },
    async (request, reply) => {
      await deleteComment(store, requireViewer(request), commentIdOf(request.params.commentId), config.trending, community.now());
      ctx.cache.clear();
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/comments/:commentId/hide',
    {
      preHandler: guard,
      schema: {
        operationId: 'hideComment',
        tags: ['community'],
        summary: 'Hide or unhide a comment (moderators), with a reason for the moderation log',
        security: SIGNED_IN,
        params: CommentIdParams,
        body: Type.Object({
          hidden: Type.Optional(Type.Boolean({ default: true, description: 'false unhides.' })),
          reason: Type.Optional(Type.String({ description: 'Shown in the public moderation log; required.' })),
        }),
        response: {
          200: Type.Object({ hidden: Type.Boolean() }, { description: 'The new state.' }),
          400: refused('No reason given.'),
          404: refused('No such comment.'),
          ...WRITE_REFUSALS,
        },
      },
    },
    async (request) => {
      const hidden = request.body.hidden !== false;
      const commentId = commentIdOf(request.params.commentId);
      await hideComment(store, requireViewer(request), commentId, hidden, request.body.reason, config.trending, community.now());
      ctx.cache.clear();
      return { hidden };
    },
  );

  // Hugging Face's submit endpoint: the paper goes on today's feed with the caller as submitter.
  api.post(
    '/api/daily_papers',
    {
      preHandler: guard,
      schema: {
        operationId: 'submitPaper',
        tags: ['community'],
        summary: 'Submit a paper to today’s feed',
        description:
          'Unknown papers are fetched from arXiv. Papers older than SUBMIT_MAX_AGE_DAYS are refused; a second submission answers 200 with the first.',
        security: SIGNED_IN,
        body: ArxivIdBody,
        response: {
          201: Submission('Submitted.'),
          200: Submission('Already on a feed: the first submission.'),
          400: refused('Not an id, a future id, too old, or withdrawn.'),
          404: refused('arXiv does not know the id.'),
          429: refused('The member has a lookup at arXiv under way; Retry-After says when to try again.'),
          503: refused('arXiv could not be reached; nothing was saved.'),
          ...WRITE_REFUSALS,
        },
      },
    },
    async (request, reply) => {
      const now = community.now();
      const submitter = requireViewer(request);
      const submission = await submitPaper(store, submitter, request.body.arxivId, {
        lookup: ctx.arxivLookups.forMember(submitter.id),
        maxAgeDays: config.submitMaxAgeDays,
        now,
      });
      ctx.cache.clear();
      const entry = await feedEntryOf(store, submission.paper.id);
      return reply
        .code(submission.created ? 201 : 200)
        .send({ ...hfPaper(submission.paper, entry, ctx.hf), alreadySubmitted: !submission.created });
    },
  );

  api.post(
    '/api/papers/index',
    {
      preHandler: guard,
      schema: {
        operationId: 'indexPaper',
        tags: ['community'],
        summary: 'Index a paper without featuring it',
        security: SIGNED_IN,
        body: ArxivIdBody,
        response: {
          200: { ...HfPaper, description: 'The paper.' },
          400: refused('Not an arXiv id.'),
          404: refused('arXiv does not know the id.'),
          429: refused('The member has a lookup at arXiv under way; Retry-After says when to try again.'),
          503: refused('arXiv could not be reached; nothing was saved.'),
          ...WRITE_REFUSALS,
        },
      },
    },
    async (request) => {
      const lookup = ctx.arxivLookups.forMember(requireViewer(request).id);
      const paper = await indexPaper(store, request.body.arxivId, { lookup, now: community.now() });
      return hfPaper(paper, null, ctx.hf);
    },
  );
}

function Submission(description: string) {
  return Type.Object(
    { ...HfPaper.properties, alreadySubmitted: Type.Boolean({ description: 'True when the paper was on a feed before.' }) },
    { description },
  );
}
