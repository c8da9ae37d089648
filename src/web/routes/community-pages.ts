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
import { TRENDING_WINDOW_DAYS, trendingWindowStart } from '../../core/trending-sentence.ts';
import { sparklines } from '../../rank/engagement-history.ts';
import { feedPage, latestFeedDay } from '../../store/feed.ts';
import { moderationLog } from '../../store/moderation.ts';
import type { Role } from '../../db/schema.ts';
import { formGuard, requireViewer } from '../auth.ts';
import { sameSitePath } from '../return-path.ts';
import type { WebContext } from '../context.ts';
import { densityOf } from '../density.ts';
import { htmlResponse, sendHtml } from '../html.ts';
import { ModerationPage, SubmitPage } from '../pages/community-pages.tsx';
import { FeedPage } from '../pages/feed-page.tsx';
import { Sparkline } from '../views/charts.tsx';
import { intParam, MAX_PAGE, type Query } from '../params.ts';
import { redirectTo, tabsFor } from './feed-pages.ts';
import { forMember, memberVotes } from '../card-context.ts';
import { PER_PAGE, pageHref, paging } from '../views/pager.tsx';
import { formField } from '../form-fields.ts';

const LOG_PAGE = 100;

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
    const paperId = formField(request, 'paperId');
    const back = sameSitePath(formField(request, 'next')) ?? paperPath(paperId);
    // A session that lapsed while the page was open: log in, then come back to the button.
    if (!request.viewer) return reply.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
    await vote(store, requireViewer(request), paperId, formField(request, 'upvote') === 'on', config.trending, community.now());
    // Back to where the button was: a list at the paper's card, or the paper's page.
    return done(reply, back);
  });

  form('/community/comment', async (request, reply) => {
    const paperId = formField(request, 'paperId');
    const input = { text: formField(request, 'text'), parentId: formField(request, 'parentId') || null };
    const comment = await postComment(store, requireViewer(request), paperId, input, config.trending, community.now());
    return done(reply, `${paperPath(paperId)}#comment-${comment.id}`);
  });

  form('/community/comment/edit', async (request, reply) => {
    const id = Number(formField(request, 'commentId'));
    await editComment(store, requireViewer(request), id, formField(request, 'text'), community.now());
    return done(reply, await commentHref(id));
  });

  form('/community/comment/delete', async (request, reply) => {
    const id = Number(formField(request, 'commentId'));
    const href = await commentHref(id);
    await deleteComment(store, requireViewer(request), id, config.trending, community.now());
    return done(reply, href.replace(/#.*$/, '#comments'));
  });

  form('/community/comment/hide', async (request, reply) => {
    const id = Number(formField(request, 'commentId'));
    await hideComment(
      store,
      requireViewer(request),
      id,
      formField(request, 'hidden') !== 'false',
      formField(request, 'reason'),
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
    const input = formField(request, 'arxivId');
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
      const [{ total, items }, latest] = await Promise.all([
        feedPage(store, {
          range: null,
          order: 'trending',
          engagedSince: trendingWindowStart(community.now()),
          offset: (current - 1) * PER_PAGE,
          limit: PER_PAGE,
        }),
        latestFeedDay(store),
      ]);
      const page = paging(current, total, PER_PAGE, pageHref('/papers/trending'));
      if (current > page.count) return redirectTo(page.href(page.count));
      const lines = await sparklines(
        store,
        items.map(({ paper, entry }) => ({ ...paper, feedDay: entry.day })),
        community.now(),
      );
      const member = await memberVotes(
        ctx,
        request,
        reply,
        items.map((item) => item.paper.id),
      );
      return forMember(
        htmlResponse(
          200,
          h(FeedPage, {
            site: ctx.site,
            tabs: tabsFor(null, latest),
            heading: 'Trending',
            description: `The papers gaining upvotes and comments fastest in the last ${TRENDING_WINDOW_DAYS} days, weighed so small categories are not drowned by large ones.`,
            subheading:
              `Papers with upvotes or comments in the last ${TRENDING_WINDOW_DAYS} days, ranked by that engagement: ` +
              `each upvote counts half as much every ${config.trending.halfLifeHours} hours, and a busy category counts a little less ` +
              '(each paper’s page says why it ranks where it does)',
            unit: 'list',
            items,
            total,
            previous: null,
            next: null,
            page,
            cards: { listHref: page.href(current), member, density: densityOf(request), showDay: true },
            cardExtra: (item) => h(Sparkline, { days: lines.get(item.paper.id)! }),
          }),
        ),
        member,
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
      formField(request, 'paperId').trim(),
      formField(request, 'hidden') !== 'false',
      formField(request, 'reason'),
      community.now(),
    );
    return done(reply, '/moderation');
  });

  form('/moderation/pick', async (request, reply) => {
    await pickPaper(
      store,
      requireViewer(request),
      formField(request, 'paperId').trim(),
      formField(request, 'day'),
      formField(request, 'reason'),
      community.now(),
    );
    return done(reply, '/moderation');
  });

  form('/moderation/role', async (request, reply) => {
    const target = await userByEmail(store, formField(request, 'email').trim().toLowerCase());
    if (!target) throw new Refusal('not-found', 'no member with that e-mail address');
    await setRole(
      store,
      requireViewer(request),
      target.id,
      formField(request, 'role') as Role,
      formField(request, 'reason'),
      community.now(),
    );
    return done(reply, '/moderation');
  });
}
