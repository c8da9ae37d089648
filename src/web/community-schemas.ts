/**
 * The community's answers as published in `/openapi.json`. They describe the capabilities'
 * own types (`CommentView`, `TrendingExplanation`, `VoteState`); the API test checks real
 * answers against them, so a change on either side that the other misses fails there.
 */
import { Type } from 'typebox';
import { EXACT } from '../feeds/hf-shapes.ts';

const commentFields = {
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  author: Type.Union([Type.Object({ handle: Type.String(), name: Type.String() }), Type.Null()], {
    description: 'Null once the comment is deleted.',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  editedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'Set when the author changed the text after posting.',
  }),
  text: Type.String({ description: 'The Markdown as written.' }),
  html: Type.String({ description: 'The Markdown rendered, sanitised.' }),
  deleted: Type.Boolean(),
  hidden: Type.Boolean({ description: 'Only moderators see hidden comments, marked so with the reason.' }),
  hiddenReason: Type.Union([Type.String(), Type.Null()]),
};

/** A comment; `replies` holds the answers to a top-level comment (replies go one level deep). */
export const Comment = Type.Object(
  {
    ...commentFields,
    replies: Type.Array(
      Type.Object(
        {
          ...commentFields,
          replies: Type.Array(Type.Unknown(), { maxItems: 0, description: 'Always empty: replies go one level deep.' }),
        },
        EXACT,
      ),
    ),
  },
  EXACT,
);

export const VoteState = Type.Object(
  { upvotes: Type.Integer(), upvoted: Type.Boolean() },
  { ...EXACT, description: 'The paper’s count and the caller’s vote.' },
);

const nullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const TrendingExplanation = Type.Object(
  {
    paperId: Type.String(),
    formula: Type.String(),
    settings: Type.Object({
      halfLifeHours: Type.Number(),
      commentWeight: Type.Number(),
      categoryWeight: Type.Number(),
      epoch: Type.String({ format: 'date-time' }),
    }),
    counts: Type.Object({ localUpvotes: Type.Integer(), sourceUpvotes: Type.Integer(), commenters: Type.Integer() }),
    engagement: Type.Object({ level: nullableNumber, now: Type.Number() }, { description: 'L and E(now) in upvote units.' }),
    category: Type.Object({
      name: Type.Union([Type.String(), Type.Null()]),
      level: nullableNumber,
      now: Type.Number(),
      computedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
    trending: nullableNumber,
    rank: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
      description:
        '1-based place on /papers/trending; null when not on it (no upvote or comment in the last 7 days, or on no feed).',
    }),
    summary: Type.String({
      description:
        'Why, in words, agreeing with `counts`: e.g. "#1 trending: 75 upvotes, most of them 3 days ago; cs.CV is busy this week, so it counts a little less."',
    }),
  },
  { ...EXACT, description: 'The formula’s inputs and outputs for this paper (README, "Trending").' },
);

export const EngagementHistory = Type.Object(
  {
    paperId: Type.String(),
    days: Type.Array(
      Type.Object({ day: Type.String({ format: 'date' }), upvotes: Type.Integer(), comments: Type.Integer() }, EXACT),
      {
        description:
          'Every day from the first upvote or comment of the last 60 days (or 14 days ago, if earlier) to today, oldest first; empty when none (older ones are in totals).',
      },
    ),
    totals: Type.Object(
      { upvotes: Type.Integer(), comments: Type.Integer() },
      {
        ...EXACT,
        description: 'Members’ upvotes and visible comments on any day.',
      },
    ),
    sourceUpvotes: Type.Integer({ description: 'Upvotes Hugging Face reported as one count, without days.' }),
    summary: Type.String({ description: 'The days in words, e.g. "12 upvotes here over 5 days, most on Nov 27."' }),
  },
  { ...EXACT, description: 'A paper’s upvotes and comments per UTC day, as its page charts them.' },
);
