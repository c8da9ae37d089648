/**
 * `/library` and its forms (save, remove, note and read mark, collections, import) and
 * `/collections/{id}` with its Atom feed. Forms post with the page's CSRF token and come back
 * to the page they were sent from; without a session they lead to the login.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { listFeed } from '../../feeds/list-feed.ts';
import { importBibliography, type ImportReport, MAX_IMPORT_BYTES } from '../../library/import.ts';
import {
  changeEntry,
  createCollection,
  editCollection,
  ownCollection,
  readableCollection,
  removeCollection,
  savePaper,
  unsavePaper,
} from '../../library/library.ts';
import { Refusal } from '../../social/errors.ts';
import { userById } from '../../store/accounts.ts';
import { collectionPapers, collectionsOf, libraryEntries } from '../../store/library.ts';
import { formGuard, requireViewer } from '../auth.ts';
import type { WebContext } from '../context.ts';
import { sendHtml } from '../html.ts';
import { CollectionPage, LibraryPage, type LibraryView } from '../pages/library-pages.tsx';
import { sameSitePath } from '../return-path.ts';
import { formField, formFields } from '../form-fields.ts';

/** A collection id from a path; anything else names no collection. */
function collectionIdOf(text: string): number {
  const id = Number(text);
  if (!/^[0-9]{1,15}$/.test(text) || !Number.isSafeInteger(id)) throw new Refusal('not-found', `No collection ${text}`);
  return id;
}

const backTo = (request: FastifyRequest) => sameSitePath(formField(request, 'next')) ?? '/library';

/** What an import did, in words for the page. */
function importSummary(report: ImportReport): { summary: string; problems: string[] } {
  const read = `${report.entries} ${report.entries === 1 ? 'entry' : 'entries'} read (${report.format === 'ris' ? 'RIS' : 'BibTeX'})`;
  return {
    summary: `${read}: ${report.matched} matched, ${report.saved} newly saved, ${report.alreadySaved} already in your library, ${report.unmatched.length} not found on this hub, ${report.broken.length} unreadable.`,
    problems: [
      ...report.warnings,
      ...report.broken.map((b) => `Line ${b.line}: could not be read: ${b.reason}.`),
      ...report.unmatched.map((u) => `Line ${u.line}: ${u.title ? `“${u.title}”` : 'an entry without a title'}: ${u.reason}.`),
    ],
  };
}

export function registerLibraryPages(app: FastifyInstance, ctx: WebContext): void {
  const guarded = { preHandler: formGuard(app) };
  const { store } = ctx;
  const now = () => ctx.community.now();

  const libraryPage = async (request: FastifyRequest, reply: FastifyReply, imported: ImportReport | null) => {
    const viewer = requireViewer(request);
    const query = (request.query ?? {}) as Record<string, string | undefined>;
    const read = query.read === 'true' ? true : query.read === 'false' ? false : null;
    const collection = query.collection ? await ownCollection(store, viewer, collectionIdOf(query.collection)) : null;
    const view: LibraryView = { read, collection };
    const entries = await libraryEntries(store, viewer.id, { read: read ?? undefined, collectionId: collection?.id });
    reply.header('cache-control', 'private, no-store');
    return sendHtml(
      reply,
      200,
      h(LibraryPage, {
        site: ctx.site,
        csrf: reply.generateCsrf(),
        entries,
        collections: await collectionsOf(store, viewer.id),
        view,
        imported: imported && importSummary(imported),
      }),
    );
  };

  app.get('/library', async (request, reply) =>
    request.viewer ? libraryPage(request, reply, null) : reply.redirect(`/login?next=${encodeURIComponent(request.url)}`),
  );

  app.post('/library/save', guarded, async (request, reply) => {
    await savePaper(store, requireViewer(request), formField(request, 'paperId'), now());
    return reply.redirect(backTo(request), 303);
  });

  app.post('/library/remove', guarded, async (request, reply) => {
    await unsavePaper(store, requireViewer(request), formField(request, 'paperId'));
    return reply.redirect(backTo(request), 303);
  });

  app.post('/library/entry', guarded, async (request, reply) => {
    const viewer = requireViewer(request);
    const owned = await collectionsOf(store, viewer.id);
    await changeEntry(
      store,
      viewer,
      formField(request, 'paperId'),
      {
        note: formField(request, 'note'),
        read: formField(request, 'read') === 'true',
        // The form lists every collection of the member's: those left unticked are left.
        ...(owned.length > 0 ? { collectionIds: formFields(request, 'collection').map(collectionIdOf) } : {}),
      },
      now(),
    );
    return reply.redirect(backTo(request), 303);
  });

  app.post('/library/collections', guarded, async (request, reply) => {
    const created = await createCollection(
      store,
      requireViewer(request),
      { name: formField(request, 'name'), public: formField(request, 'public') === 'true' },
      now(),
    );
    return reply.redirect(`/library?collection=${created.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/library/collections/:id', guarded, async (request, reply) => {
    const change = formField(request, 'public');
    await editCollection(
      store,
      requireViewer(request),
      collectionIdOf(request.params.id),
      {
        ...(formField(request, 'name') ? { name: formField(request, 'name') } : {}),
        ...(change ? { public: change === 'true' } : {}),
      },
      now(),
    );
    return reply.redirect('/library', 303);
  });

  app.post<{ Params: { id: string } }>('/library/collections/:id/delete', guarded, async (request, reply) => {
    await removeCollection(store, requireViewer(request), collectionIdOf(request.params.id));
    return reply.redirect('/library', 303);
  });

  // The import form sends the file as multipart/form-data, parsed only on this route's scope.
  app.register(async (scope) => {
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5 },
    });
    scope.post('/library/import', guarded, async (request, reply) => {
      const file = (request.body as Record<string, unknown> | undefined)?.file;
      if (!Buffer.isBuffer(file) || file.length === 0) throw new Refusal('invalid', 'choose a BibTeX or RIS file to import');
      const report = await importBibliography(store, requireViewer(request), file, now());
      return libraryPage(request, reply, report);
    });
  });

  app.get<{ Params: { id: string } }>('/collections/:id', async (request, reply) => {
    const collection = await readableCollection(store, request.viewer, collectionIdOf(request.params.id));
    const owner = (await userById(store, collection.userId))!;
    if (!collection.public) reply.header('cache-control', 'private, no-store');
    return sendHtml(
      reply,
      200,
      h(CollectionPage, {
        site: ctx.site,
        collection,
        owner: { handle: owner.handle, name: owner.displayName },
        papers: await collectionPapers(store, collection.id),
        feedHref: `${ctx.config.baseUrl}/collections/${collection.id}/feed.atom`,
      }),
    );
  });

  // A feed reader has no session: only a public collection has a feed, as Atom and as JSON Feed.
  const collectionFeed =
    (format: 'atom' | 'json') => async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const collection = await readableCollection(store, null, collectionIdOf(request.params.id));
      const items = (await collectionPapers(store, collection.id)).map((paper) => ({ paper, entry: null }));
      const title = `${collection.name} — Daily Papers collection`;
      const self = `${ctx.config.baseUrl}/collections/${collection.id}/feed.${format}`;
      const homePageUrl = `${ctx.config.baseUrl}/collections/${collection.id}`;
      const feed = listFeed(format, items, { baseUrl: ctx.config.baseUrl, title, self, homePageUrl });
      return reply.header('content-type', feed.type).header('cache-control', 'public, max-age=300').send(feed.body);
    };
  app.get<{ Params: { id: string } }>('/collections/:id/feed.atom', collectionFeed('atom'));
  app.get<{ Params: { id: string } }>('/collections/:id/feed.json', collectionFeed('json'));
}
