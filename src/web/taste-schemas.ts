/** Shapes of the taste API (src/web/routes/taste-api.ts): feedback, follows, what was learned; in /openapi.json. */
import { Type } from 'typebox';
import { FEEDBACK_KINDS } from '../store/feedback.ts';
import { MAX_AUTHOR_NAME, MAX_FOLLOWS } from '../library/taste.ts';
import { oneOfWords } from './params.ts';

const KIND_WORDS = '"more" (more like this) or "less" (not interested: the paper leaves your lists)';

export const FeedbackBody = Type.Object({
  kind: Type.Enum(FEEDBACK_KINDS, { type: 'string', description: KIND_WORDS, 'x-must-be': oneOfWords(FEEDBACK_KINDS) }),
});

export const FeedbackItem = Type.Object({
  paperId: Type.String(),
  title: Type.String(),
  kind: Type.Enum(FEEDBACK_KINDS, { type: 'string', description: KIND_WORDS }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const Follow = Type.Object({
  kind: Type.Enum(['author', 'category'], { type: 'string' }),
  value: Type.String({ description: 'The author’s name (spaces collapsed; matched without regard to case) or the category.' }),
  createdAt: Type.String({ format: 'date-time' }),
});

const author = Type.String({
  maxLength: 1000,
  description: `An author’s name as papers list it (at most ${MAX_AUTHOR_NAME} characters).`,
});
const category = Type.String({ maxLength: 1000, description: 'An arXiv category (cs.CL) or archive (cs, hep-th).' });

export const FollowBody = Type.Object(
  { author: Type.Optional(author), category: Type.Optional(category) },
  { description: `One of author or category. At most ${MAX_FOLLOWS} follows in all.` },
);

export const FollowQuery = Type.Object({ author: Type.Optional(author), category: Type.Optional(category) });

export const Taste = Type.Object(
  {
    follows: Type.Array(Follow),
    feedback: Type.Array(FeedbackItem, { description: 'Latest first.' }),
    saved: Type.Integer({ description: 'Papers in your library (kept by a reset).' }),
    upvoted: Type.Integer({ description: 'Papers you upvoted (kept by a reset).' }),
  },
  { description: 'Everything the hub has learned about your taste; recommendations read these and nothing else.' },
);
