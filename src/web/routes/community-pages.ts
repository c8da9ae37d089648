/**
 * The community's pages and the form posts behind them: upvote and comment forms on paper
 * pages (each answers with a redirect back), `/papers/submit`, `/papers/trending`, `/moderation`.
 * Every form post carries the CSRF token.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { paperPath } from '../../feeds/links.ts';
import { deleteComment, editComment, postComment } from '../../social/comments.ts';
import { Refusal } from '../../social/errors.ts';
import { hideComment, hidePaper, pickPaper, setRole } from '../../social/moderation.ts';
import { submitPaper } from '../../social/submit.ts';
import { vote } from '../../social/votes.ts';
import { userByEmail } from '../../store/accounts.ts';
import { getComment } from '../../store/comments.ts';
import { feedPage } from '../../store/feed.ts';
import { moderationLog } from '../../store/moderation.ts';
import type { Role } from '../../db/schema.ts';
import { formGuard, requireViewer } from '../auth.ts';
import type { WebContext } from '../context.ts';
import { htmlResponse, sendHtml } from '../html.ts';
import { ModerationPage, SubmitPage } from '../pages/community-pages.tsx';
import { FeedPage } from '../pages/feed-page.tsx';
import { intParam, MAX_PAGE, type Query } from '../params.ts';
import { tabsFor } from './feed-pages.ts';

const PER_PAGE = 50;
const LOG_PAGE = 100;

type Form = Record<string, string | undefined>;
const field = (request: FastifyRequest, name: string): string => {
  const value = (request.body as Form | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

export function registerCommunityPages(app: FastifyInstance, ctx: WebContext): void {
  const guarded = { preHandler: formGuard(app) };
  const { store, config, community } = ctx;
  // A form post changes what lists show; answer with the page it came from.
  const done = (reply: FastifyReply, href: string) => {
    ctx.cache.clear();
    return reply.redirect(href, 303);
  };
  const commentHref = async (commentId: number) => {
    const comment = await getComment(store, commentId);
    return comment ? `${paperPath(comment.paperId)}#comment-${commentId}` : '/papers';
  };
  const form = (path: string, handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) =>
    app.post(path, guarded, (request, reply) => handler(request, reply));

  form('/community/upvote', async (request, reply) => {
    const paperId = field(request, 'paperId');
    await vote(store, requireViewer(request), paperId, field(request, 'upvote') === 'on', config.trending, community.now());
    return done(reply, paperPath(paperId));
  });

  form('/community/comment', async (request, reply) => {
    const paperId = field(request, 'paperId');
    const input = { text: field(request, 'text'), parentId: field(request, 'parentId') || null };
    const comment = await postComment(store, requireViewer(request), paperId, input, config.trending, community.now());
    return done(reply, `${paperPath(paperId)}#comment-${comment.id}`);
  });

  form('/community/comment/edit', async (request, reply) => {
    const id = Number(field(request, 'commentId'));
    await editComment(store, requireViewer(request), id, field(request, 'text'), community.now());
    return done(reply, await commentHref(id));
  });

  form('/community/comment/delete', async (request, reply) => {
    const id = Number(field(request, 'commentId'));
    const href = await commentHref(id);
    await deleteComment(store, requireViewer(request), id, config.trending, community.now());
    return done(reply, href.replace(/#.*$/, '#comments'));
  });

  form('/community/comment/hide', async (request, reply) => {
    const id = Number(field(request, 'commentId'));
    await hideComment(
      store,
      requireViewer(request),
      id,
      field(request, 'hidden') !== 'false',
      field(request, 'reason'),
      config.trending,
      community.now(),
    );
    return done(reply, await commentHref(id));
  });

  const submitForm = (request: FastifyRequest, reply: FastifyReply, status: number, error: string | null, input = '') =>
    sendHtml(
      reply,
      status,
      h(SubmitPage, {
        site: ctx.site,
        csrf: request.viewer ? reply.generateCsrf() : null,
        error,
        input,
        maxAgeDays: config.submitMaxAgeDays,
      }),
    );

  app.get('/papers/submit', (request, reply) => submitForm(request, reply, 200, null));

  app.post('/papers/submit', guarded, async (request, reply) => {
    const input = field(request, 'arxivId');
    try {
      const submitter = requireViewer(request);
      const { paper } = await submitPaper(store, submitter, input, {
        lookup: ctx.arxivLookups.forMember(submitter.id),
        maxAgeDays: config.submitMaxAgeDays,
        now: community.now(),
      });
      return done(reply, paperPath(paper.id));
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return submitForm(
        request,
        reply,
        error.kind === 'unavailable' ? 503 : error.kind === 'unauthenticated' ? 401 : 400,
        error.message,
        input,
      );
    }
  });

  app.get<{ Querystring: Query }>('/papers/trending', (request, reply) =>
    ctx.cache.serve(request, reply, async () => {
      const current = intParam(request.query, 'p', { min: 1, max: MAX_PAGE, fallback: 1 });
      const { total, items } = await feedPage(store, {
        range: null,
        order: 'trending',
        offset: (current - 1) * PER_PAGE,
        limit: PER_PAGE,
      });
      const page = {
        current,
        count: Math.max(1, Math.ceil(total / PER_PAGE)),
        href: (n: number) => (n === 1 ? '/papers/trending' : `/papers/trending?p=${n}`),
      };
      return htmlResponse(
        200,
        h(FeedPage, {
          site: ctx.site,
          tabs: tabsFor(null, null),
          heading: 'Trending',
          description:
            'The papers gaining upvotes and comments fastest now, weighed so small categories are not drowned by large ones.',
          subheading:
            'Upvotes and comments, decayed over time and weighed against each category’s activity (see each paper’s page for why)',
          unit: 'list',
          items,
          total,
          previous: null,
          next: null,
          page,
        }),
      );
    }),
  );

  app.get<{ Querystring: Query }>('/moderation', async (request, reply) => {
    const before = intParam(request.query, 'before', { min: 1, max: Number.MAX_SAFE_INTEGER, fallback: 0 }) || null;
    const entries = await moderationLog(store, { before, limit: LOG_PAGE });
    const olderHref = entries.length === LOG_PAGE ? `/moderation?before=${entries[entries.length - 1]!.id}` : null;
    const csrf = request.viewer ? reply.generateCsrf() : null;
    return sendHtml(reply, 200, h(ModerationPage, { site: ctx.site, entries, viewer: request.viewer, csrf, olderHref }));
  });

  form('/moderation/paper', async (request, reply) => {
    await hidePaper(
      store,
      requireViewer(request),
      field(request, 'paperId').trim(),
      field(request, 'hidden') !== 'false',
      field(request, 'reason'),
      community.now(),
    );
    return done(reply, '/moderation');
  });

  form('/moderation/pick', async (request, reply) => {
    await pickPaper(
      store,
      requireViewer(request),
      field(request, 'paperId').trim(),
      field(request, 'day'),
      field(request, 'reason'),
      community.now(),
    );
    return done(reply, '/moderation');
  });

  form('/moderation/role', async (request, reply) => {
    const target = await userByEmail(store, field(request, 'email').trim().toLowerCase());
    if (!target) throw new Refusal('not-found', 'no member with that e-mail address');
    await setRole(
      store,
      requireViewer(request),
      target.id,
      field(request, 'role') as Role,
      field(request, 'reason'),
      community.now(),
    );
    return done(reply, '/moderation');
  });
}
