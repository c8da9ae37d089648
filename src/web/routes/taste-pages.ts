/**
 * The taste forms (more like this / not interested, follow / unfollow) and `/settings/taste`.
 * Forms post with the page's CSRF token and come back to the page they were sent from, at the
 * card they were on; without a session they lead to the login.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h } from 'preact';
import {
  follow,
  followTarget,
  type FollowTarget,
  giveFeedback,
  resetTaste,
  tasteOf,
  unfollow,
  withdrawFeedback,
} from '../../library/taste.ts';
import { Refusal } from '../../social/errors.ts';
import { formGuard, requireViewer } from '../auth.ts';
import type { WebContext } from '../context.ts';
import { sendHtml } from '../html.ts';
import { TastePage } from '../pages/taste-page.tsx';
import { sameSitePath } from '../return-path.ts';
import { formField, postedField } from '../form-fields.ts';

const TASTE_PAGE = '/settings/taste';

const backTo = (request: FastifyRequest) => sameSitePath(formField(request, 'next')) ?? TASTE_PAGE;

/** The author or category a follow form's pressed button names. */
function formTarget(request: FastifyRequest): FollowTarget {
  const author = postedField(request, 'author');
  if (author !== undefined) return followTarget('author', author);
  const category = postedField(request, 'category');
  if (category !== undefined) return followTarget('category', category);
  throw new Refusal('invalid', 'name an author or a category to follow');
}

export function registerTastePages(app: FastifyInstance, ctx: WebContext): void {
  const guarded = { preHandler: formGuard(app) };
  const { store } = ctx;
  const now = () => ctx.community.now();

  app.get(TASTE_PAGE, async (request, reply) => {
    if (!request.viewer) return reply.redirect(`/login?next=${encodeURIComponent(TASTE_PAGE)}`);
    reply.header('cache-control', 'private, no-store');
    return sendHtml(
      reply,
      200,
      h(TastePage, { site: ctx.site, csrf: reply.generateCsrf(), taste: await tasteOf(store, request.viewer) }),
    );
  });

  app.post('/feedback', guarded, async (request, reply) => {
    const viewer = requireViewer(request);
    const paperId = formField(request, 'paperId');
    const kind = formField(request, 'kind');
    if (kind === 'none') await withdrawFeedback(store, viewer, paperId);
    else if (kind === 'more' || kind === 'less') await giveFeedback(store, viewer, paperId, kind, now());
    else throw new Refusal('invalid', `Invalid kind “${kind}”: choose more like this or not interested`);
    return reply.redirect(backTo(request), 303);
  });

  app.post('/follows', guarded, async (request, reply) => {
    await follow(store, requireViewer(request), formTarget(request), now());
    return reply.redirect(backTo(request), 303);
  });

  app.post('/follows/remove', guarded, async (request, reply) => {
    await unfollow(store, requireViewer(request), formTarget(request));
    return reply.redirect(backTo(request), 303);
  });

  app.post(`${TASTE_PAGE}/reset`, guarded, async (request, reply) => {
    await resetTaste(store, requireViewer(request));
    return reply.redirect(TASTE_PAGE, 303);
  });
}
