/** The community's part of `/openapi.json`: writes, comments, trending explanations. */

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const json = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });
const bearer = [{ bearerToken: [] }, { session: [] }];
const paperIdParam = {
  name: 'arxivId',
  in: 'path',
  required: true,
  description: 'An arXiv id (an old-style id sends its slash as %2F).',
  schema: { type: 'string' },
};
const commentIdParam = { name: 'commentId', in: 'path', required: true, schema: { type: 'integer' } };
const arxivIdBody = {
  required: true,
  content: {
    'application/json': { schema: { type: 'object', required: ['arxivId'], properties: { arxivId: { type: 'string' } } } },
  },
};
const writeErrors = {
  '401': error('No valid token or session.'),
  '403': error('A session without its CSRF token (x-csrf-token), or not allowed.'),
};
const voteState = json('The paper’s count and the caller’s vote.', {
  type: 'object',
  required: ['upvotes', 'upvoted'],
  properties: { upvotes: { type: 'integer' }, upvoted: { type: 'boolean' } },
});
const comment = { type: 'object', description: 'A comment; `replies` holds the answers to a top-level comment.' };

export const COMMUNITY_PATHS = {
  '/api/daily_papers': {
    post: {
      summary: 'Submit a paper to today’s feed',
      description:
        'Unknown papers are fetched from arXiv. Papers older than SUBMIT_MAX_AGE_DAYS are refused; a second submission answers 200 with the first.',
      security: bearer,
      requestBody: arxivIdBody,
      responses: {
        '201': json('Submitted.', { $ref: '#/components/schemas/Paper' }),
        '200': json('Already on a feed: the first submission.', { $ref: '#/components/schemas/Paper' }),
        '400': error('Not an id, a future id, too old, or withdrawn.'),
        '404': error('arXiv does not know the id.'),
        '503': error('arXiv could not be reached; nothing was saved.'),
        ...writeErrors,
      },
    },
  },
  '/api/papers/index': {
    post: {
      summary: 'Index a paper without featuring it',
      security: bearer,
      requestBody: arxivIdBody,
      responses: {
        '200': json('The paper.', { $ref: '#/components/schemas/Paper' }),
        '404': error('arXiv does not know the id.'),
        ...writeErrors,
      },
    },
  },
  '/api/papers/{arxivId}/upvote': {
    post: {
      summary: 'Upvote',
      security: bearer,
      parameters: [paperIdParam],
      responses: { '200': voteState, '404': error('No such paper.'), ...writeErrors },
    },
    delete: {
      summary: 'Take the upvote back',
      security: bearer,
      parameters: [paperIdParam],
      responses: { '200': voteState, '404': error('No such paper.'), ...writeErrors },
    },
  },
  '/api/papers/{arxivId}/comments': {
    get: {
      summary: 'The discussion',
      parameters: [paperIdParam],
      responses: { '200': json('Top-level comments, oldest first.', { type: 'array', items: comment }) },
    },
    post: {
      summary: 'Comment, or reply with parentId (one level)',
      security: bearer,
      parameters: [paperIdParam],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['text'],
              properties: { text: { type: 'string', description: 'Markdown.' }, parentId: { type: 'integer' } },
            },
          },
        },
      },
      responses: {
        '201': json('The comment.', comment),
        '400': error('Empty, too long, or a reply to a reply.'),
        ...writeErrors,
      },
    },
  },
  '/api/papers/{arxivId}/trending': {
    get: {
      summary: 'Why the paper ranks where it does',
      parameters: [paperIdParam],
      responses: {
        '200': json('The formula’s inputs and outputs for this paper (README, "Trending").', { type: 'object' }),
        '404': error('No such paper.'),
      },
    },
  },
  '/api/comments/{commentId}': {
    patch: {
      summary: 'Edit your comment',
      security: bearer,
      parameters: [commentIdParam],
      responses: { '200': json('The comment.', comment), ...writeErrors },
    },
    delete: {
      summary: 'Delete your comment',
      security: bearer,
      parameters: [commentIdParam],
      responses: { '204': { description: 'Deleted.' }, ...writeErrors },
    },
  },
  '/api/comments/{commentId}/hide': {
    post: {
      summary: 'Hide or unhide a comment (moderators), with a reason for the moderation log',
      security: bearer,
      parameters: [commentIdParam],
      responses: {
        '200': json('The new state.', { type: 'object', properties: { hidden: { type: 'boolean' } } }),
        ...writeErrors,
      },
    },
  },
};
