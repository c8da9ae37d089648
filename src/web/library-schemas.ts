/** Shapes of the library API (src/web/routes/library-api.ts), in /openapi.json. */
import { Type } from 'typebox';
import { CITATION_FORMATS } from '../library/cite.ts';
import { choiceParam } from './api-schema.ts';
import { ExportedFilter } from './filter-schemas.ts';

const nullableText = Type.Union([Type.String(), Type.Null()]);
const nullableInstant = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const LibraryPaper = Type.Object({
  id: Type.String({ description: 'arXiv id without version (or a corpus id).' }),
  title: Type.String(),
  authors: Type.Array(Type.String()),
  publishedAt: nullableInstant,
});

export const LibraryItem = Type.Object({
  paper: LibraryPaper,
  savedAt: Type.String({ format: 'date-time' }),
  note: Type.Union([Type.String(), Type.Null()], { description: 'The member’s private note; no one else sees it.' }),
  read: Type.Boolean(),
  readAt: nullableInstant,
  collectionIds: Type.Array(Type.Integer(), { description: 'The member’s collections that hold the paper.' }),
});

export const Collection = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  public: Type.Boolean({ description: 'Public: anyone may read it at /collections/{id}, its feed and its export.' }),
  paperCount: Type.Integer(),
  url: Type.String({ format: 'uri', description: 'Its page (a private one answers only its owner).' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const PublicCollection = Type.Object({
  collection: Collection,
  owner: Type.Object({ handle: Type.String(), name: Type.String() }),
  papers: Type.Array(LibraryPaper),
});

export const LibraryQuery = Type.Object({
  collection: Type.Optional(Type.Integer({ minimum: 1, description: 'Only papers in this collection of yours.' })),
  read: Type.Optional(Type.Boolean({ description: 'true: read papers only; false: unread only.' })),
});

export const SaveBody = Type.Object({
  paperId: Type.String({ maxLength: 500, description: 'An arXiv id or abs/pdf URL of a paper on this hub.' }),
});

export const EntryChangeBody = Type.Object({
  note: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Empty or null removes the note.' })),
  read: Type.Optional(Type.Boolean()),
  collectionIds: Type.Optional(
    Type.Array(Type.Integer(), { maxItems: 1000, description: 'Exactly these collections of yours.' }),
  ),
});

export const CollectionBody = Type.Object({
  name: Type.String({ maxLength: 1000 }),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  public: Type.Optional(Type.Boolean({ default: false })),
});

export const CollectionChangeBody = Type.Partial(CollectionBody);

export const CollectionIdParams = Type.Object({
  id: Type.String({ pattern: '^[0-9]{1,15}$', description: 'The collection id.', 'x-must-be': 'a collection id (digits)' }),
});

export const FormatQuery = Type.Object({
  format: choiceParam(CITATION_FORMATS, 'bibtex (BibTeX @misc with eprint), ris, or csl-json (an array of CSL items).', 'bibtex'),
});

/** The answer of a citation or export: text in the format asked for. */
export const CITATION_ANSWER = {
  description: 'The citations, as a download (`Content-Disposition: attachment` for collections and the library).',
  content: {
    'application/x-bibtex': { schema: { type: 'string' } },
    'application/x-research-info-systems': { schema: { type: 'string' } },
    'application/vnd.citationstyles.csl+json': { schema: { type: 'array', items: { type: 'object' } } },
  },
};

export const ImportReport = Type.Object({
  format: Type.Union([Type.Literal('bibtex'), Type.Literal('ris')]),
  encoding: Type.Union([Type.Literal('utf-8'), Type.Literal('latin1')], {
    description: 'The file is read as UTF-8, or as Latin-1 (Windows-1252) when it is not valid UTF-8 (a warning says so).',
  }),
  entries: Type.Integer({ description: 'Entries read.' }),
  matched: Type.Integer({ description: 'Entries matched to a paper of this hub.' }),
  saved: Type.Integer({ description: 'Matched papers newly saved.' }),
  alreadySaved: Type.Integer(),
  unmatched: Type.Array(Type.Object({ line: Type.Integer(), title: nullableText, reason: Type.String() })),
  broken: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() }), {
    description: 'Entries that could not be read: skipped.',
  }),
  warnings: Type.Array(Type.String()),
});

export const MemberExportDocument = Type.Object(
  {
    format: Type.Literal('dailypapers-member-export'),
    version: Type.Literal(1),
    exportedAt: Type.String({ format: 'date-time' }),
    hub: Type.String(),
    account: Type.Object({
      email: Type.String(),
      handle: Type.String(),
      displayName: Type.String(),
      role: Type.String(),
      createdAt: Type.String(),
    }),
    library: Type.Array(
      Type.Object({
        paperId: Type.String(),
        title: Type.String(),
        savedAt: Type.String(),
        note: nullableText,
        readAt: nullableText,
      }),
    ),
    collections: Type.Array(
      Type.Object({
        name: Type.String(),
        description: Type.String(),
        public: Type.Boolean(),
        createdAt: Type.String(),
        paperIds: Type.Array(Type.String()),
      }),
    ),
    votes: Type.Array(Type.Object({ paperId: Type.String(), createdAt: Type.String() })),
    comments: Type.Array(
      Type.Object({
        id: Type.Integer(),
        paperId: Type.String(),
        parentId: Type.Union([Type.Integer(), Type.Null()]),
        text: Type.String(),
        createdAt: Type.String(),
        editedAt: nullableText,
        deleted: Type.Boolean(),
        hidden: Type.Boolean(),
      }),
    ),
    subscriptions: Type.Array(
      Type.Object({
        email: Type.String(),
        frequency: Type.String(),
        categories: Type.Array(Type.String()),
        query: nullableText,
        status: Type.String(),
        createdAt: Type.String(),
      }),
    ),
    feedback: Type.Array(
      Type.Object({ paperId: Type.String(), kind: Type.Enum(['more', 'less'], { type: 'string' }), createdAt: Type.String() }),
      { description: '“More like this” and “not interested”, latest first.' },
    ),
    follows: Type.Array(
      Type.Object({
        kind: Type.Enum(['author', 'category'], { type: 'string' }),
        value: Type.String(),
        createdAt: Type.String(),
      }),
    ),
    filters: Type.Array(ExportedFilter),
    webhooks: Type.Optional(
      Type.Array(
        Type.Object({
          filterId: Type.Integer({ description: 'The saved filter’s id on the hub it came from.' }),
          format: Type.String(),
          frequency: Type.String(),
          url: Type.String(),
          active: Type.Boolean(),
          createdAt: Type.String(),
        }),
        { description: 'Without their signing secrets: a hub that restores one gives it a new secret.' },
      ),
    ),
  },
  { description: 'Everything the member has on this hub; `dailypapers import-member FILE` restores it on another hub.' },
);
