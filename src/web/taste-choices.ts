/** What a page needs to show a member's taste controls: their mark on a paper and which of its authors and categories they follow. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ComponentChildren, h } from 'preact';
import type { Paper } from '../core/paper.ts';
import { followTarget } from '../library/taste.ts';
import { feedbackAmong } from '../store/feedback.ts';
import { type FollowKind, followList } from '../store/follows.ts';
import { paperPath } from '../feeds/links.ts';
import type { WebContext } from './context.ts';
import { type FollowChoice, FollowButtons, PaperTasteControls } from './views/feedback-controls.tsx';

/** Each candidate with whether the member follows it (a member follows at most a thousand: one read of them all). */
export async function followChoices(
  ctx: WebContext,
  userId: number,
  candidates: readonly { kind: FollowKind; value: string }[],
): Promise<FollowChoice[]> {
  const followed = new Set((await followList(ctx.store, userId)).map((f) => `${f.kind} ${followTarget(f.kind, f.value).key}`));
  const choices: FollowChoice[] = [];
  for (const { kind, value } of candidates) {
    try {
      const target = followTarget(kind, value);
      choices.push({ kind, value: target.value, followed: followed.has(`${kind} ${target.key}`) });
    } catch {
      // A source's odd author entry or category cannot be followed: no button for it.
    }
  }
  return choices;
}

/** The paper page's taste controls for the signed-in member; nothing for anyone else. */
export async function paperTaste(
  ctx: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  paper: Paper,
): Promise<ComponentChildren> {
  const viewer = request.viewer;
  if (!viewer) return null;
  const [marks, follows] = await Promise.all([
    feedbackAmong(ctx.store, viewer.id, [paper.id]),
    followChoices(ctx, viewer.id, [
      ...paper.authors.map((value) => ({ kind: 'author' as const, value })),
      ...paper.categories.map((value) => ({ kind: 'category' as const, value })),
    ]),
  ]);
  return h(PaperTasteControls, {
    paperId: paper.id,
    mark: marks.get(paper.id),
    follows,
    csrf: reply.generateCsrf(),
    next: paperPath(paper.id),
  });
}

/** A search for one author (`author:"Name"`) is a place to follow them. */
const AUTHOR_ONLY = /^author:(?:"([^"]+)"|(\S+))$/;

/** The follow buttons of a member's search: the author searched for alone, the category filtered by. */
export async function searchFollows(
  ctx: WebContext,
  request: FastifyRequest,
  csrf: string,
  search: { q: string; category?: string },
  next: string,
): Promise<ComponentChildren> {
  const author = AUTHOR_ONLY.exec(search.q.trim());
  const candidates = [
    ...(author ? [{ kind: 'author' as const, value: author[1] ?? author[2]! }] : []),
    ...(search.category ? [{ kind: 'category' as const, value: search.category }] : []),
  ];
  if (!request.viewer || candidates.length === 0) return null;
  const choices = await followChoices(ctx, request.viewer.id, candidates);
  return choices.length > 0 && h(FollowButtons, { choices, csrf, next, label: 'Follow this search’s author or category' });
}
