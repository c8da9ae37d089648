/**
 * The taste API: "more like this" and "not interested" on papers, followed authors and
 * categories, everything learned and its reset. Everything answers only its member (a token or
 * the session; session writes also need `x-csrf-token`) and is never cached.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import {
  type FollowTarget,
  followTarget,
  follow,
  giveFeedback,
  resetTaste,
  tasteOf,
  unfollow,
  withdrawFeedback,
} from '../../library/taste.ts';
import { Refusal } from '../../social/errors.ts';
import { feedbackEntries } from '../../store/feedback.ts';
import { followList } from '../../store/follows.ts';
import { PaperIdParams, refused, SIGNED_IN, WRITE_REFUSALS } from '../api-schema.ts';
import { apiWriteGuard, requireViewer } from '../auth.ts';
import type { WebContext } from '../context.ts';
import { FeedbackBody, FeedbackItem, Follow, FollowBody, FollowQuery, Taste } from '../taste-schemas.ts';

const SIGNED_IN_READ = { 401: refused('No valid token or session.') };
const ONE_OF = 'send one of author or category';

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

/** The one follow a body or query names. */
function targetOf(fields: { author?: string; category?: string }): FollowTarget {
  if ((fields.author === undefined) === (fields.category === undefined)) throw new Refusal('invalid', ONE_OF);
  return fields.author !== undefined ? followTarget('author', fields.author) : followTarget('category', fields.category!);
}

export function registerTasteApi(app: FastifyInstance, ctx: WebContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const guard = apiWriteGuard(app);
  const { store } = ctx;
  const now = () => ctx.community.now();

  api.get(
    '/api/me/feedback',
    {
      schema: {
        operationId: 'listFeedback',
        tags: ['taste'],
        summary: 'Your “more like this” and “not interested” marks, latest first',
        security: SIGNED_IN,
        response: { 200: Type.Array(FeedbackItem), ...SIGNED_IN_READ },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return feedbackEntries(store, requireViewer(request).id);
    },
  );

  api.put(
    '/api/me/feedback/:arxivId',
    {
      preHandler: guard,
      schema: {
        operationId: 'giveFeedback',
        tags: ['taste'],
        summary: 'Mark a paper “more like this” or “not interested” (replaces an earlier mark)',
        description: '"less" hides the paper from your lists at once (its own page still shows it, to undo).',
        security: SIGNED_IN,
        params: PaperIdParams,
        body: FeedbackBody,
        response: { 200: FeedbackItem, 400: refused('An unknown kind.'), 404: refused('No such paper.'), ...WRITE_REFUSALS },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return giveFeedback(store, requireViewer(request), request.params.arxivId, request.body.kind, now());
    },
  );

  api.delete(
    '/api/me/feedback/:arxivId',
    {
      preHandler: guard,
      schema: {
        operationId: 'withdrawFeedback',
        tags: ['taste'],
        summary: 'Withdraw your mark on a paper',
        security: SIGNED_IN,
        params: PaperIdParams,
        response: { 204: Type.Null({ description: 'Withdrawn.' }), 404: refused('You gave no mark on it.'), ...WRITE_REFUSALS },
      },
    },
    async (request, reply) => {
      await withdrawFeedback(store, requireViewer(request), request.params.arxivId);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api/me/follows',
    {
      schema: {
        operationId: 'listFollows',
        tags: ['taste'],
        summary: 'The authors and categories you follow, oldest first',
        security: SIGNED_IN,
        response: { 200: Type.Array(Follow), ...SIGNED_IN_READ },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return followList(store, requireViewer(request).id);
    },
  );

  api.post(
    '/api/me/follows',
    {
      preHandler: guard,
      schema: {
        operationId: 'follow',
        tags: ['taste'],
        summary: 'Follow an author or an arXiv category (following again changes nothing)',
        security: SIGNED_IN,
        body: FollowBody,
        response: {
          200: Follow,
          400: refused(
            'Neither or both of author and category, an empty or overlong name, not a category, or the limit reached.',
          ),
          ...WRITE_REFUSALS,
        },
      },
    },
    async (request) => follow(store, requireViewer(request), targetOf(request.body), now()),
  );

  api.delete(
    '/api/me/follows',
    {
      preHandler: guard,
      schema: {
        operationId: 'unfollow',
        tags: ['taste'],
        summary: 'Stop following an author (?author=) or a category (?category=)',
        security: SIGNED_IN,
        querystring: FollowQuery,
        response: {
          204: Type.Null({ description: 'Unfollowed.' }),
          400: refused('Neither or both of author and category.'),
          404: refused('You do not follow it.'),
          ...WRITE_REFUSALS,
        },
      },
    },
    async (request, reply) => {
      await unfollow(store, requireViewer(request), targetOf(request.query));
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api/me/taste',
    {
      schema: {
        operationId: 'getTaste',
        tags: ['taste'],
        summary: 'Everything the hub has learned about your taste',
        security: SIGNED_IN,
        response: { 200: Taste, ...SIGNED_IN_READ },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return tasteOf(store, requireViewer(request));
    },
  );

  api.delete(
    '/api/me/taste',
    {
      preHandler: guard,
      schema: {
        operationId: 'resetTaste',
        tags: ['taste'],
        summary: 'Forget everything learned: your marks and follows (your library and upvotes stay)',
        security: SIGNED_IN,
        response: { 204: Type.Null({ description: 'Forgotten.' }), ...WRITE_REFUSALS },
      },
    },
    async (request, reply) => {
      await resetTaste(store, requireViewer(request));
      return reply.code(204).send(null);
    },
  );
}
