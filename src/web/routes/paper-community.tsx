import type { FastifyReply, FastifyRequest } from 'fastify';
import { engagementHistory } from '../../rank/engagement-history.ts';
import { explainTrending } from '../../rank/trending.ts';
import { discussion } from '../../social/comments.ts';
import { isModerator } from '../../social/roles.ts';
import { paperHidden } from '../../store/moderation.ts';
import type { Paper } from '../../core/paper.ts';
import { hasUpvoted } from '../../store/votes.ts';
import type { WebContext } from '../context.ts';
import { paperPath } from '../../feeds/links.ts';
import { Discussion, TrendingWhy } from '../views/community.tsx';
import { UpvoteButton } from '../views/upvotes.tsx';
import { EngagementChart } from '../views/charts.tsx';

/** The community's parts of a paper page: the upvote button, and below the paper its trending rank and discussion. */
export async function paperCommunity(ctx: WebContext, request: FastifyRequest, reply: FastifyReply, paper: Paper) {
  const viewer = request.viewer;
  // Only members get forms, so only their pages set the CSRF cookie.
  const csrf = viewer ? reply.generateCsrf() : null;
  const [upvoted, comments, explanation, history, hidden] = await Promise.all([
    viewer ? hasUpvoted(ctx.store.db, viewer.id, paper.id) : false,
    discussion(ctx.store, paper.id, viewer),
    explainTrending(ctx.store, paper.id, ctx.config.trending, ctx.community.now()),
    engagementHistory(ctx.store, paper, ctx.community.now()),
    paperHidden(ctx.store, paper.id),
  ]);
  const canDiscuss = !hidden || (viewer !== null && isModerator(viewer));
  return {
    upvote: (
      <>
        <UpvoteButton
          paperId={paper.id}
          upvotes={paper.upvotes}
          upvoted={upvoted}
          csrf={hidden ? null : csrf}
          next={paperPath(paper.id)}
        />
        {csrf && !hidden && <script type="module" src={ctx.site.upvoteScriptHref} />}
      </>
    ),
    below: (
      <>
        {hidden && <p class="notice">A moderator hid this paper from the feeds: {hidden.reason ?? 'no reason given'}.</p>}
        {explanation && (
          <TrendingWhy
            explanation={explanation}
            apiHref={`/api/papers/${encodeURIComponent(paper.id)}/trending`}
            chart={<EngagementChart history={history} />}
          />
        )}
        {canDiscuss && (
          <Discussion
            paperId={paper.id}
            comments={comments}
            viewer={viewer}
            csrf={hidden ? null : csrf}
            now={ctx.community.now()}
          />
        )}
      </>
    ),
  };
}
