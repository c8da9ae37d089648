/**
 * The library API: a member's saved papers, notes, read marks and collections, citations,
 * import and export. Everything under /api/me answers only its member (a token or the
 * session; writes with a session also need `x-csrf-token`); a collection is readable by
 * others only when public. Private answers are never cached (`Cache-Control: no-store`).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Paper } from '../../core/paper.ts';
import { CITATION_MEDIA, type CitationFormat, formatCitations } from '../../library/cite.ts';
import { importBibliography, MAX_IMPORT_BYTES } from '../../library/import.ts';
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
import { exportMember } from '../../library/member-export.ts';
import { exportFilters } from '../../filters/index.ts';
import { Refusal } from '../../social/errors.ts';
import { userById } from '../../store/accounts.ts';
import {
  type Collection as StoredCollection,
  collectionPapers,
  collectionsOf,
  type LibraryEntry,
  libraryEntries,
} from '../../store/library.ts';
import { BAD_PARAMETER, PaperIdParams, PUBLIC, refused, SIGNED_IN, WRITE_REFUSALS } from '../api-schema.ts';
import { apiWriteGuard, requireViewer } from '../auth.ts';
import type { WebContext } from '../context.ts';
import {
  CITATION_ANSWER,
  Collection,
  CollectionBody,
  CollectionChangeBody,
  CollectionIdParams,
  EntryChangeBody,
  FormatQuery,
  ImportReport,
  LibraryItem,
  LibraryQuery,
  MemberExportDocument,
  PublicCollection,
  SaveBody,
} from '../library-schemas.ts';
import { lookUpPaper } from '../paper-lookup.ts';
import { answerError } from '../refusals.ts';

const SIGNED_IN_READ = { 401: refused('No valid token or session.') };
const NOT_YOURS = refused('Not in your library, or not a collection of yours (another member’s answers the same).');

export const libraryPaper = (paper: Paper) => ({
  id: paper.id,
  title: paper.title,
  authors: paper.authors,
  publishedAt: paper.publishedAt,
});

export const libraryItem = (entry: LibraryEntry) => ({
  paper: libraryPaper(entry.paper),
  savedAt: entry.savedAt,
  note: entry.note,
  read: entry.readAt !== null,
  readAt: entry.readAt,
  collectionIds: entry.collectionIds,
});

export const collectionOut = (ctx: WebContext, collection: StoredCollection) => ({
  id: collection.id,
  name: collection.name,
  description: collection.description,
  public: collection.public,
  paperCount: collection.paperCount,
  url: `${ctx.config.baseUrl}/collections/${collection.id}`,
  createdAt: collection.createdAt,
  updatedAt: collection.updatedAt,
});

const collectionIdOf = (text: string) => Number(text);

/** Sends citations as text (inline for one paper, a download for a list). */
export function sendCitations(
  ctx: WebContext,
  reply: FastifyReply,
  papers: readonly Paper[],
  format: CitationFormat,
  download: string | null,
) {
  const media = CITATION_MEDIA[format];
  void reply.header('content-type', media.type);
  if (download) void reply.header('content-disposition', `attachment; filename="${download}.${media.extension}"`);
  return reply.send(formatCitations(papers, format, ctx.config.baseUrl));
}

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

export function registerLibraryApi(app: FastifyInstance, ctx: WebContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const guard = apiWriteGuard(app);
  const { store } = ctx;
  const now = () => ctx.community.now();

  api.get(
    '/api/papers/:arxivId/cite',
    {
      schema: {
        operationId: 'citePaper',
        tags: ['library'],
        summary: 'Cite a paper: BibTeX, RIS or CSL-JSON',
        security: PUBLIC,
        params: PaperIdParams,
        querystring: FormatQuery,
        response: { 200: CITATION_ANSWER, 400: refused('An unknown format.'), 404: refused('No such paper.') },
      },
    },
    async (request, reply) => {
      const found = await lookUpPaper(store, request.params.arxivId, request.viewer);
      if (found.kind !== 'found') throw new Refusal('not-found', `Paper ${request.params.arxivId} not found`);
      return sendCitations(ctx, reply, [found.paper], request.query.format ?? 'bibtex', null);
    },
  );

  api.get(
    '/api/me/library',
    {
      schema: {
        operationId: 'listLibrary',
        tags: ['library'],
        summary: 'Your saved papers, newest saved first',
        security: SIGNED_IN,
        querystring: LibraryQuery,
        response: { 200: Type.Array(LibraryItem), 400: BAD_PARAMETER, 404: NOT_YOURS, ...SIGNED_IN_READ },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const { collection, read } = request.query;
      if (collection !== undefined) await ownCollection(store, viewer, collection);
      noStore(reply);
      return (await libraryEntries(store, viewer.id, { collectionId: collection, read })).map(libraryItem);
    },
  );

  api.post(
    '/api/me/library',
    {
      preHandler: guard,
      schema: {
        operationId: 'savePaper',
        tags: ['library'],
        summary: 'Save a paper to your library',
        security: SIGNED_IN,
        body: SaveBody,
        response: {
          200: { ...LibraryItem, description: 'Saved (it may have been saved before: saving again changes nothing).' },
          404: refused('No such paper.'),
          ...WRITE_REFUSALS,
        },
      },
    },
    async (request) => libraryItem(await savePaper(store, requireViewer(request), request.body.paperId, now())),
  );

  api.put(
    '/api/me/library/:arxivId',
    {
      preHandler: guard,
      schema: {
        operationId: 'changeSavedPaper',
        tags: ['library'],
        summary: 'Change a saved paper’s note, read mark or collections',
        security: SIGNED_IN,
        params: PaperIdParams,
        body: EntryChangeBody,
        response: { 200: LibraryItem, 400: refused('A note too long.'), 404: NOT_YOURS, ...WRITE_REFUSALS },
      },
    },
    async (request) => libraryItem(await changeEntry(store, requireViewer(request), request.params.arxivId, request.body, now())),
  );

  api.delete(
    '/api/me/library/:arxivId',
    {
      preHandler: guard,
      schema: {
        operationId: 'unsavePaper',
        tags: ['library'],
        summary: 'Remove a paper from your library (and its note and collections)',
        security: SIGNED_IN,
        params: PaperIdParams,
        response: { 204: Type.Null({ description: 'Removed.' }), 404: NOT_YOURS, ...WRITE_REFUSALS },
      },
    },
    async (request, reply) => {
      await unsavePaper(store, requireViewer(request), request.params.arxivId);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api/me/library/export',
    {
      schema: {
        operationId: 'exportLibrary',
        tags: ['library'],
        summary: 'Your library (or one collection of it) as BibTeX, RIS or CSL-JSON',
        security: SIGNED_IN,
        querystring: Type.Object({ ...FormatQuery.properties, ...LibraryQuery.properties }),
        response: { 200: CITATION_ANSWER, 400: refused('An unknown format.'), 404: NOT_YOURS, ...SIGNED_IN_READ },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const { collection, read, format } = request.query;
      if (collection !== undefined) await ownCollection(store, viewer, collection);
      const entries = await libraryEntries(store, viewer.id, { collectionId: collection, read });
      noStore(reply);
      return sendCitations(
        ctx,
        reply,
        entries.map((e) => e.paper),
        format ?? 'bibtex',
        'library',
      );
    },
  );

  api.get(
    '/api/me/collections',
    {
      schema: {
        operationId: 'listCollections',
        tags: ['library'],
        summary: 'Your collections',
        security: SIGNED_IN,
        response: { 200: Type.Array(Collection), ...SIGNED_IN_READ },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return (await collectionsOf(store, requireViewer(request).id)).map((c) => collectionOut(ctx, c));
    },
  );

  api.post(
    '/api/me/collections',
    {
      preHandler: guard,
      schema: {
        operationId: 'createCollection',
        tags: ['library'],
        summary: 'Create a collection (private unless public is true)',
        security: SIGNED_IN,
        body: CollectionBody,
        response: { 201: Collection, 400: refused('No name, too long, or a name you already use.'), ...WRITE_REFUSALS },
      },
    },
    async (request, reply) =>
      reply.code(201).send(collectionOut(ctx, await createCollection(store, requireViewer(request), request.body, now()))),
  );

  api.patch(
    '/api/me/collections/:id',
    {
      preHandler: guard,
      schema: {
        operationId: 'changeCollection',
        tags: ['library'],
        summary: 'Rename a collection, describe it, make it public or private',
        security: SIGNED_IN,
        params: CollectionIdParams,
        body: CollectionChangeBody,
        response: {
          200: Collection,
          400: refused('No name, too long, or a name you already use.'),
          404: NOT_YOURS,
          ...WRITE_REFUSALS,
        },
      },
    },
    async (request) =>
      collectionOut(
        ctx,
        await editCollection(store, requireViewer(request), collectionIdOf(request.params.id), request.body, now()),
      ),
  );

  api.delete(
    '/api/me/collections/:id',
    {
      preHandler: guard,
      schema: {
        operationId: 'deleteCollection',
        tags: ['library'],
        summary: 'Delete a collection (its papers stay in your library)',
        security: SIGNED_IN,
        params: CollectionIdParams,
        response: { 204: Type.Null({ description: 'Deleted.' }), 400: BAD_PARAMETER, 404: NOT_YOURS, ...WRITE_REFUSALS },
      },
    },
    async (request, reply) => {
      await removeCollection(store, requireViewer(request), collectionIdOf(request.params.id));
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api/collections/:id',
    {
      schema: {
        operationId: 'getCollection',
        tags: ['library'],
        summary: 'A public collection and its papers',
        description:
          'Only public collections answer, to anyone (their owner reads a private one through /api/me/library?collection=).',
        security: PUBLIC,
        params: CollectionIdParams,
        response: {
          200: PublicCollection,
          400: BAD_PARAMETER,
          404: refused('No such public collection (a private one answers the same).'),
        },
      },
    },
    async (request) => {
      const collection = await readableCollection(store, null, collectionIdOf(request.params.id));
      const owner = (await userById(store, collection.userId))!;
      return {
        collection: collectionOut(ctx, collection),
        owner: { handle: owner.handle, name: owner.displayName },
        papers: (await collectionPapers(store, collection.id)).map(libraryPaper),
      };
    },
  );

  api.get(
    '/api/collections/:id/export',
    {
      schema: {
        operationId: 'exportCollection',
        tags: ['library'],
        summary: 'A public collection as BibTeX, RIS or CSL-JSON',
        security: PUBLIC,
        params: CollectionIdParams,
        querystring: FormatQuery,
        response: { 200: CITATION_ANSWER, 400: refused('An unknown format.'), 404: refused('No such public collection.') },
      },
    },
    async (request, reply) => {
      const collection = await readableCollection(store, null, collectionIdOf(request.params.id));
      const papers = await collectionPapers(store, collection.id);
      return sendCitations(ctx, reply, papers, request.query.format ?? 'bibtex', `collection-${collection.id}`);
    },
  );

  api.get(
    '/api/me/export',
    {
      schema: {
        operationId: 'exportMember',
        tags: ['library'],
        summary: 'Everything you have on this hub, as one JSON document',
        description:
          'Account (no password hash), library with notes and read marks, collections, votes, comments, subscriptions, ' +
          '“more like this” and “not interested” marks, follows, and saved filters. ' +
          '`dailypapers import-member FILE` restores it on another hub.',
        security: SIGNED_IN,
        response: { 200: MemberExportDocument, ...SIGNED_IN_READ },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const day = now().toISOString().slice(0, 10);
      noStore(reply).header('content-disposition', `attachment; filename="dailypapers-${viewer.handle}-${day}.json"`);
      return { ...(await exportMember(store, viewer, ctx.config.baseUrl, now())), filters: await exportFilters(store, viewer) };
    },
  );

  // The import takes the file itself as the body (BibTeX or RIS, any of these types), as
  // bytes, so a file that is not UTF-8 can be told apart and read as Latin-1.
  app.register(async (scope) => {
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser(
      ['text/plain', 'application/x-bibtex', 'application/x-research-info-systems', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES },
      (_request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: Buffer) => void) => done(null, body),
    );
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        return reply.code(413).send({
          error: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB, the most one import takes: split it into smaller files`,
        });
      return answerError(ctx, error, request, reply);
    });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/me/library/import',
      {
        preHandler: guard,
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          operationId: 'importLibrary',
          tags: ['library'],
          summary: 'Import a BibTeX or RIS file into your library',
          description:
            'Send the file as the body (`Content-Type: application/x-bibtex`, `application/x-research-info-systems` or ' +
            '`text/plain`). Each entry is matched to a paper of this hub by the arXiv id it carries anywhere (an eprint or ' +
            'arxiv field, an arXiv URL, `arXiv:` id or arXiv DOI), else by its title; matched papers are saved, the rest reported. ' +
            `Entries that cannot be read are skipped and reported with their line. At most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB.`,
          security: SIGNED_IN,
          consumes: ['application/x-bibtex', 'application/x-research-info-systems', 'text/plain'],
          body: Type.Unknown({ description: 'The file’s bytes.' }),
          response: {
            200: ImportReport,
            400: refused('An empty body.'),
            413: refused('A file over the size limit.'),
            415: refused('Another content type.'),
            ...WRITE_REFUSALS,
          },
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (!Buffer.isBuffer(body) || body.length === 0)
          throw new Refusal(
            'invalid',
            'send the BibTeX or RIS file as the body (Content-Type: application/x-bibtex, application/x-research-info-systems or text/plain)',
          );
        noStore(reply);
        return importBibliography(store, requireViewer(request), body, now());
      },
    );
  });
}
