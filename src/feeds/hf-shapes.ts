/**
 * The Hugging Face JSON shapes, defined once as JSON Schema (TypeBox): the serialisers in
 * `hf-json.ts` are typed from them, and the web routes publish them in `/openapi.json`.
 */
import { type Static, Type } from 'typebox';

const MONGO_ID = '^[0-9a-f]{24}$';
/** Every field is listed: the API test then catches one sent but not described. */
export const EXACT = { additionalProperties: false } as const;

export const HfUser = Type.Object(
  {
    _id: Type.String({ pattern: MONGO_ID }),
    name: Type.String(),
    user: Type.String({ description: 'The same as name (Hugging Face uses both spellings).' }),
    fullname: Type.String(),
    avatarUrl: Type.String({ format: 'uri' }),
    isPro: Type.Literal(false),
    type: Type.Enum(['user', 'org']),
  },
  {
    ...EXACT,
    description: 'A person, or for automatic entries an account named after the source (arxiv, huggingface).',
  },
);
export type HfUser = Static<typeof HfUser>;

export const HfAuthor = Type.Object(
  {
    _id: Type.String({ pattern: MONGO_ID }),
    name: Type.String(),
    hidden: Type.Literal(false),
    user: Type.Null({ description: 'The author’s Hugging Face account: authors have none here.' }),
    status: Type.Null({ description: 'Whether the author claimed the paper: nobody claims papers here.' }),
    statusLastChangedAt: Type.Null(),
  },
  EXACT,
);
export type HfAuthor = Static<typeof HfAuthor>;

export const HfOrganization = Type.Object(
  { name: Type.String(), fullname: Type.String(), avatarUrl: Type.String({ format: 'uri' }) },
  { ...EXACT, description: 'The organisation Hugging Face credits the paper to.' },
);
export type HfOrganization = Static<typeof HfOrganization>;

/**
 * What Hugging Face's client reads besides the text, by HF's names and types: null, `[]` or
 * (for counts) null where this hub does not know the value. A daily item carries them at its
 * top level too, where the client reads them.
 */
export const HfPaperAdditions = Type.Object({
  source: Type.Union([Type.Literal('arxiv'), Type.Null()], {
    description: '`arxiv` for arXiv papers, null for corpus documents.',
  }),
  githubRepo: Type.Union([Type.String({ format: 'uri' }), Type.Null()], {
    description: 'The code repository: from Hugging Face, else read from the arXiv comments or abstract.',
  }),
  githubStars: Type.Union([Type.Integer(), Type.Null()], { description: 'As Hugging Face last counted them.' }),
  projectPage: Type.Union([Type.String({ format: 'uri' }), Type.Null()]),
  ai_summary: Type.Union([Type.String(), Type.Null()], { description: 'Hugging Face’s machine summary.' }),
  ai_keywords: Type.Array(Type.String(), { description: 'Hugging Face’s machine keywords.' }),
  organization: Type.Union([HfOrganization, Type.Null()]),
  linkedModels: Type.Array(Type.Unknown(), { maxItems: 0, description: 'Models are not tracked here: always empty.' }),
  numTotalModels: Type.Null(),
  linkedDatasets: Type.Array(Type.Unknown(), { maxItems: 0, description: 'Datasets are not tracked here: always empty.' }),
  numTotalDatasets: Type.Null(),
  linkedSpaces: Type.Array(Type.Unknown(), { maxItems: 0, description: 'Spaces are not tracked here: always empty.' }),
});
export type HfPaperAdditions = Static<typeof HfPaperAdditions>;

export const HfPaper = Type.Object(
  {
    id: Type.String({ description: 'arXiv id without version.' }),
    title: Type.String(),
    summary: Type.String({ description: 'The abstract.' }),
    authors: Type.Array(HfAuthor),
    publishedAt: Type.String({ format: 'date-time', description: 'First arXiv version.' }),
    upvotes: Type.Integer(),
    discussionId: Type.String(),
    ...HfPaperAdditions.properties,
    submittedOnDailyAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'When it entered the daily feed; absent when it is on none.' }),
    ),
    submittedOnDailyBy: Type.Optional(HfUser),
  },
  EXACT,
);
export type HfPaper = Static<typeof HfPaper>;

export const HfDailyItem = Type.Object(
  {
    paper: HfPaper,
    publishedAt: Type.String({
      format: 'date-time',
      description: 'When the paper entered the feed (not the arXiv date, which is `paper.publishedAt`).',
    }),
    title: Type.String(),
    summary: Type.String(),
    thumbnail: Type.String({ format: 'uri' }),
    numComments: Type.Integer(),
    submittedBy: HfUser,
    isAuthorParticipating: Type.Literal(false),
    ...HfPaperAdditions.properties,
  },
  EXACT,
);
export type HfDailyItem = Static<typeof HfDailyItem>;

/** The body of `/api/papers/{id}`; `comments` only with `?field=comments`. */
export const HfPaperDetail = Type.Object(
  {
    ...HfPaper.properties,
    numComments: Type.Integer(),
    comments: Type.Optional(Type.Array(Type.Unknown(), { description: 'Top-level comments, oldest first, with their replies.' })),
  },
  EXACT,
);
export type HfPaperDetail = Static<typeof HfPaperDetail>;
