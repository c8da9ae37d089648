/** What the cards of a list need to know about who is looking. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { feedbackAmong } from '../store/feedback.ts';
import { savedAmong } from '../store/library.ts';
import { upvotedAmong } from '../store/votes.ts';
import type { WebContext } from './context.ts';
import type { Rendered } from './response-cache.ts';
import type { CardContext } from './views/paper-card.tsx';

/**
 * The signed-in member's form token and which of the papers they upvoted, saved and marked (a query each), or null
 * for everyone else, whose pages carry no token and can be shared.
 */
export async function memberVotes(
  ctx: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  paperIds: readonly string[],
): Promise<CardContext['member']> {
  const viewer = request.viewer;
  if (!viewer) return null;
  const [upvoted, saved, feedback] = await Promise.all([
    upvotedAmong(ctx.store.db, viewer.id, paperIds),
    savedAmong(ctx.store, viewer.id, paperIds),
    feedbackAmong(ctx.store, viewer.id, paperIds),
  ]);
  return { csrf: reply.generateCsrf(), upvoted, saved, feedback };
}

/** A page made for one member (their token, their upvotes) is kept by their browser alone. */
export function forMember(rendered: Rendered, member: CardContext['member']): Rendered {
  if (member === null) return rendered;
  return { ...rendered, headers: { ...rendered.headers, 'cache-control': 'private, no-cache' } };
}
