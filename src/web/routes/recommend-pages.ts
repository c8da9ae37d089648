/**
 * `/papers/for-you`: a member's recommendations with their reasons; the first-run picker (a
 * plain form that saves the ticked papers to the library) while the hub knows fewer than
 * three papers the member likes; for a visitor, what the page is and a way to log in.
 */
import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { formatDay } from '../../core/dates.ts';
import { savePaper } from '../../library/library.ts';
import { DEFAULT_WINDOW_DAYS, MIN_POSITIVES, recommendForMember } from '../../recommend/recommend.ts';
import { feedEntriesOf } from '../../store/feed.ts';
import { starterPapers, tasteOfMember } from '../../store/taste.ts';
import { formGuard, requireViewer } from '../auth.ts';
import { formFields } from '../form-fields.ts';
import { memberVotes } from '../card-context.ts';
import type { WebContext } from '../context.ts';
import { densityOf } from '../density.ts';
import { sendHtml } from '../html.ts';
import { ForYouPage, ForYouStartPage, ForYouVisitorPage } from '../pages/for-you-page.tsx';

/** Papers on the page, and offered on the first run. */
const SHOWN = 50;
const STARTERS = 36;

export function registerRecommendPages(app: FastifyInstance, ctx: WebContext): void {
  const { store } = ctx;

  app.get('/papers/for-you', async (request, reply) => {
    const viewer = request.viewer;
    reply.header('cache-control', 'private, no-store');
    if (!viewer) return sendHtml(reply, 200, h(ForYouVisitorPage, { site: ctx.site }));
    const taste = await tasteOfMember(store, viewer.id);
    if (taste.positives.length < MIN_POSITIVES && taste.authors.length === 0 && taste.categories.length === 0) {
      return sendHtml(
        reply,
        200,
        h(ForYouStartPage, {
          site: ctx.site,
          csrf: reply.generateCsrf(),
          papers: await starterPapers(store, STARTERS),
          have: taste.positives.length,
          needed: MIN_POSITIVES,
        }),
      );
    }
    const { items, indexing } = await recommendForMember(
      ctx.searchIndex,
      taste,
      { limit: SHOWN, today: formatDay(ctx.community.now()) },
      { semantic: ctx.semantic },
    );
    const ids = items.map((item) => item.paper.id);
    const entries = await feedEntriesOf(store, ids);
    return sendHtml(
      reply,
      200,
      h(ForYouPage, {
        site: ctx.site,
        days: DEFAULT_WINDOW_DAYS,
        indexing,
        items: items.map(({ paper, reason }) => ({ listed: { paper, entry: entries.get(paper.id) ?? null }, reason })),
        context: {
          listHref: '/papers/for-you',
          member: await memberVotes(ctx, request, reply, ids),
          showDay: true,
          density: densityOf(request),
        },
      }),
    );
  });

  app.post('/papers/for-you/start', { preHandler: formGuard(app) }, async (request, reply) => {
    const viewer = requireViewer(request);
    // Each pick is checked as a Save button's is: a paper gone since the page was drawn is refused.
    for (const paperId of formFields(request, 'paperId').slice(0, STARTERS))
      await savePaper(store, viewer, paperId, ctx.community.now());
    return reply.redirect('/papers/for-you', 303);
  });
}
