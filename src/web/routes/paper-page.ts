/** `/papers/{id}`: one paper, under the one address each paper has. */
import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { ARXIV_ID_HELP } from '../../core/arxiv-id.ts';
import { arxivLinks, paperPath } from '../../feeds/links.ts';
import { similarPapers } from '../../search/index.ts';
import { feedEntryOf, latestFeedDay } from '../../store/feed.ts';
import type { WebContext } from '../context.ts';
import { sendHtml } from '../html.ts';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { PaperPage } from '../pages/paper-page.tsx';
import { PaperLibraryControls } from '../views/library-controls.tsx';
import { savedAmong } from '../../store/library.ts';
import { lookUpPaper } from '../paper-lookup.ts';
import { paperTaste } from '../taste-choices.ts';
import { tabsFor } from './feed-pages.ts';
import { paperCommunity } from './paper-community.tsx';
import { sendPaperThumbnail, THUMBNAIL_PNG_SUFFIX, THUMBNAIL_SUFFIX } from './paper-thumbnail.ts';
import { MARKDOWN_SUFFIX, sendPaperMarkdown, wantsMarkdown } from './paper-markdown.ts';

const SIMILAR_ON_PAGE = 5;

export function registerPaperPage(app: FastifyInstance, ctx: WebContext): void {
  // A wildcard, not `:id`: old-style ids (hep-th/9901001) and pasted URLs contain slashes.
  app.get<{ Params: { '*': string } }>('/papers/*', async (request, reply) => {
    const path = request.params['*'];
    if (path === '') return reply.redirect('/papers', 301);
    if (path.endsWith(THUMBNAIL_SUFFIX))
      return sendPaperThumbnail(ctx, request, reply, path.slice(0, -THUMBNAIL_SUFFIX.length), 'svg');
    if (path.endsWith(THUMBNAIL_PNG_SUFFIX)) {
      return sendPaperThumbnail(ctx, request, reply, path.slice(0, -THUMBNAIL_PNG_SUFFIX.length), 'png');
    }
    // `/papers/{id}.md`, or the page asked for as Markdown: the paper as Hugging Face's read_paper reads it.
    const markdownPath = path.endsWith(MARKDOWN_SUFFIX);
    if (markdownPath || wantsMarkdown(request.headers.accept)) {
      return sendPaperMarkdown(ctx, request, reply, markdownPath ? path.slice(0, -MARKDOWN_SUFFIX.length) : path);
    }
    reply.header('vary', 'Accept');
    const found = await lookUpPaper(ctx.store, path, request.viewer);
    if (found.kind === 'unknown') {
      const reason = { kind: 'paper' as const, id: found.id, arxivUrl: arxivLinks(found.id)?.abs ?? null };
      return sendHtml(reply, 404, h(NotFoundPage, { site: ctx.site, reason }));
    }
    if (found.kind === 'unreadable') {
      const reason = { kind: 'unreadable-id' as const, input: found.input, help: ARXIV_ID_HELP };
      return sendHtml(reply, 404, h(NotFoundPage, { site: ctx.site, reason }));
    }
    if (!found.canonical) return reply.redirect(paperPath(found.paper.id), 301);
    const { paper } = found;
    const viewer = request.viewer;
    // The parts read the store independently: at once, the page waits for the slowest, not
    // for the sum of their round trips (on PostgreSQL about ten in a row).
    const [entry, community, saved, taste, similar] = await Promise.all([
      feedEntryOf(ctx.store, paper.id),
      paperCommunity(ctx, request, reply, paper),
      viewer !== null && savedAmong(ctx.store, viewer.id, [paper.id]).then((ids) => ids.size > 0),
      paperTaste(ctx, request, reply, paper),
      similarPapers(ctx.searchIndex, paper.id, SIMILAR_ON_PAGE, { semantic: ctx.semantic }),
    ]);
    return sendHtml(
      reply,
      200,
      h(PaperPage, {
        site: ctx.site,
        // A paper on no feed: the tabs open the latest day, week and month that have papers.
        tabs: tabsFor(null, entry?.day ?? (await latestFeedDay(ctx.store))),
        paper,
        entry,
        community,
        library: h(PaperLibraryControls, {
          paper,
          saved,
          csrf: viewer ? reply.generateCsrf() : null,
          next: paperPath(paper.id),
          hubUrl: ctx.config.baseUrl,
        }),
        taste,
        similar: { papers: similar.items.map((s) => s.paper), indexing: similar.indexing },
      }),
    );
  });
}
