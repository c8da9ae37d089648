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
  },
  EXACT,
);
export type HfAuthor = Static<typeof HfAuthor>;

export const HfPaper = Type.Object(
  {
    id: Type.String({ description: 'arXiv id without version.' }),
    title: Type.String(),
    summary: Type.String({ description: 'The abstract.' }),
    authors: Type.Array(HfAuthor),
    publishedAt: Type.String({ format: 'date-time', description: 'First arXiv version.' }),
    upvotes: Type.Integer(),
    discussionId: Type.String(),
    githubRepo: Type.Optional(Type.String({ format: 'uri' })),
    projectPage: Type.Optional(Type.String({ format: 'uri' })),
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
