/**
 * `/openapi.json`: the JSON API described by hand, beside the code it describes. A route under
 * /api that this document does not describe stops the server at start (see below), so the
 * description cannot silently fall behind.
 */
import type { FastifyInstance } from 'fastify';
import { COMMUNITY_PATHS } from './openapi-community.ts';
import { MAIL_PATHS } from './openapi-mail.ts';

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const queryParam = (name: string, description: string, schema: Record<string, unknown>) => ({
  name,
  in: 'query',
  description,
  schema,
});

const limitParam = queryParam('limit', 'Items per page.', { type: 'integer', minimum: 1, maximum: 100, default: 50 });

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Daily Papers API',
    version: '1.0.0',
    description:
      'Hugging Face–compatible JSON: the same paths, parameters, field names and nesting as huggingface.co/api, ' +
      'so its clients work unchanged. Errors are JSON `{"error": "..."}` naming the parameter at fault.',
  },
  paths: {
    ...COMMUNITY_PATHS,
    ...MAIL_PATHS,
    '/api/daily_papers': {
      ...COMMUNITY_PATHS['/api/daily_papers'],
      get: {
        summary: 'Papers on the daily feed',
        description:
          'Without date, week or month: the latest day that has entries (or, with submitter, every day). ' +
          'At most one of date, week, month.',
        parameters: [
          queryParam('p', 'Page, counting from 0.', { type: 'integer', minimum: 0, maximum: 100000, default: 0 }),
          limitParam,
          queryParam('date', 'A feed day, YYYY-MM-DD.', { type: 'string', format: 'date' }),
          {
            name: 'week',
            in: 'query',
            description: 'An ISO week, YYYY-Www (e.g. 2026-W10).',
            schema: { type: 'string', pattern: '^\\d{4}-W\\d{2}$' },
          },
          {
            name: 'month',
            in: 'query',
            description: 'A month, YYYY-MM.',
            schema: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
          },
          queryParam('submitter', 'Only entries submitted by this user name.', { type: 'string' }),
          queryParam(
            'sort',
            '`publishedAt`: newest entries first. `trending`: by the published trending formula (GET /api/papers/{arxivId}/trending explains a rank).',
            { type: 'string', enum: ['publishedAt', 'trending'], default: 'publishedAt' },
          ),
        ],
        responses: {
          '200': {
            description: 'One page of feed items.',
            content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/DailyPaper' } } } },
          },
          '400': errorResponse('A parameter could not be used; the message names it.'),
        },
      },
    },
    '/api/papers': {
      get: {
        summary: 'Every paper, newest publication first',
        description: 'The next page, when there is one, is linked from the `Link` header (`rel="next"`).',
        parameters: [queryParam('cursor', 'Opaque; taken from the previous page’s Link header.', { type: 'string' }), limitParam],
        responses: {
          '200': {
            description: 'One page of papers.',
            headers: { Link: { description: '`<URL>; rel="next"` when more papers follow.', schema: { type: 'string' } } },
            content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Paper' } } } },
          },
          '400': errorResponse('A bad cursor or limit.'),
        },
      },
    },
    '/api/papers/search': {
      get: {
        summary: 'Search papers',
        description:
          'Words, "phrases", -exclusions and author:Name; an arXiv id or URL finds that paper. ' +
          'Each item is a daily-feed item plus the title and abstract split into highlighted runs.',
        parameters: [
          { name: 'q', in: 'query', required: true, description: 'The query.', schema: { type: 'string', maxLength: 250 } },
          queryParam('limit', 'Results.', { type: 'integer', minimum: 1, maximum: 120, default: 20 }),
          queryParam('from', 'Published on or after, YYYY-MM-DD.', { type: 'string', format: 'date' }),
          queryParam('to', 'Published on or before, YYYY-MM-DD.', { type: 'string', format: 'date' }),
          queryParam('category', 'An arXiv category (cs.CL) or archive (cs).', { type: 'string' }),
          queryParam('hasCode', 'Only papers with (or without) code.', { type: 'boolean' }),
          queryParam('sort', 'Best match or newest first.', {
            type: 'string',
            enum: ['relevance', 'date'],
            default: 'relevance',
          }),
        ],
        responses: {
          '200': {
            description: 'Matching papers, best first.',
            content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/SearchResult' } } } },
          },
          '400': errorResponse('A parameter could not be used; the message names it.'),
        },
      },
    },
    '/api/papers/{arxivId}/similar': {
      get: {
        summary: 'Papers like this one',
        parameters: [
          { name: 'arxivId', in: 'path', required: true, description: 'The paper id.', schema: { type: 'string' } },
          queryParam('limit', 'Papers.', { type: 'integer', minimum: 1, maximum: 20, default: 5 }),
        ],
        responses: {
          '200': {
            description: 'Similar papers, most similar first.',
            content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Paper' } } } },
          },
          '400': errorResponse('A bad limit.'),
          '404': errorResponse('No such paper here.'),
        },
      },
    },
    '/api/papers/{arxivId}': {
      get: {
        summary: 'One paper',
        parameters: [
          {
            name: 'arxivId',
            in: 'path',
            required: true,
            description:
              'An arXiv id in any form: 2401.12345, 2401.12345v2, arXiv:2401.12345, hep-th/9901001 (the slash is sent as is), ' +
              'or an arxiv.org abs/pdf URL; or a corpus id stored verbatim.',
            schema: { type: 'string' },
          },
          queryParam('field', '`comments` adds the comments.', { type: 'string', enum: ['comments'] }),
        ],
        responses: {
          '200': {
            description: 'The paper.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/PaperDetail' } } },
          },
          '400': errorResponse('The id could not be read.'),
          '404': errorResponse('No such paper here.'),
        },
      },
    },
    '/healthz': {
      get: {
        summary: 'Liveness',
        responses: {
          '200': {
            description: 'The process answers.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Status' } } },
          },
        },
      },
    },
    '/readyz': {
      get: {
        summary: 'Readiness: the database answers',
        responses: {
          '200': { description: 'Ready.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Status' } } } },
          '503': {
            description: 'The database does not answer.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Status' } } },
          },
        },
      },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics',
        responses: {
          '200': { description: 'Prometheus text exposition format.', content: { 'text/plain': { schema: { type: 'string' } } } },
        },
      },
    },
  },
  components: {
    schemas: {
      Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
      Status: {
        type: 'object',
        required: ['status'],
        properties: { status: { type: 'string', enum: ['ok', 'unavailable'] }, error: { type: 'string' } },
      },
      User: {
        type: 'object',
        description: 'A person, or for automatic entries an account named after the source (arxiv, huggingface).',
        required: ['_id', 'name', 'user', 'fullname', 'avatarUrl', 'isPro', 'type'],
        properties: {
          _id: { type: 'string', pattern: '^[0-9a-f]{24}$' },
          name: { type: 'string' },
          user: { type: 'string', description: 'The same as name (Hugging Face uses both spellings).' },
          fullname: { type: 'string' },
          avatarUrl: { type: 'string', format: 'uri' },
          isPro: { type: 'boolean', const: false },
          type: { type: 'string', enum: ['user', 'org'] },
        },
      },
      Author: {
        type: 'object',
        required: ['_id', 'name', 'hidden'],
        properties: { _id: { type: 'string', pattern: '^[0-9a-f]{24}$' }, name: { type: 'string' }, hidden: { type: 'boolean' } },
      },
      Paper: {
        type: 'object',
        required: ['id', 'title', 'summary', 'authors', 'publishedAt', 'upvotes', 'discussionId'],
        properties: {
          id: { type: 'string', description: 'arXiv id without version.' },
          title: { type: 'string' },
          summary: { type: 'string', description: 'The abstract.' },
          authors: { type: 'array', items: { $ref: '#/components/schemas/Author' } },
          publishedAt: { type: 'string', format: 'date-time', description: 'First arXiv version.' },
          upvotes: { type: 'integer' },
          discussionId: { type: 'string' },
          githubRepo: { type: 'string', format: 'uri' },
          projectPage: { type: 'string', format: 'uri' },
          submittedOnDailyAt: {
            type: 'string',
            format: 'date-time',
            description: 'When it entered the daily feed; absent when it is on none.',
          },
          submittedOnDailyBy: { $ref: '#/components/schemas/User' },
        },
      },
      PaperDetail: {
        allOf: [
          { $ref: '#/components/schemas/Paper' },
          {
            type: 'object',
            required: ['numComments'],
            properties: { numComments: { type: 'integer' }, comments: { type: 'array', items: { type: 'object' } } },
          },
        ],
      },
      Highlighted: {
        type: 'array',
        description: 'The text in runs; `highlight` runs are what the query matched.',
        items: {
          type: 'object',
          required: ['type', 'text'],
          properties: { type: { type: 'string', enum: ['text', 'highlight'] }, text: { type: 'string' } },
        },
      },
      SearchResult: {
        allOf: [
          { $ref: '#/components/schemas/DailyPaper' },
          {
            type: 'object',
            required: ['highlightedTitle', 'highlightedSummary'],
            properties: {
              highlightedTitle: { $ref: '#/components/schemas/Highlighted' },
              highlightedSummary: { $ref: '#/components/schemas/Highlighted' },
            },
          },
        ],
      },
      DailyPaper: {
        type: 'object',
        required: [
          'paper',
          'publishedAt',
          'title',
          'summary',
          'thumbnail',
          'numComments',
          'submittedBy',
          'isAuthorParticipating',
        ],
        properties: {
          paper: { $ref: '#/components/schemas/Paper' },
          publishedAt: { type: 'string', format: 'date-time', description: 'When the paper entered the feed.' },
          title: { type: 'string' },
          summary: { type: 'string' },
          thumbnail: { type: 'string', format: 'uri' },
          numComments: { type: 'integer' },
          submittedBy: { $ref: '#/components/schemas/User' },
          isAuthorParticipating: { type: 'boolean' },
        },
      },
    },
  },
} as const;

/** Serves the document, and refuses to start when an /api route is missing from it. */
export function registerOpenApi(app: FastifyInstance): void {
  const apiRoutes: string[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD' && method !== 'OPTIONS') apiRoutes.push(`${method} ${route.url}`);
    }
  });
  app.addHook('onReady', async () => {
    const missing = undocumentedRoutes(apiRoutes);
    if (missing.length > 0) {
      throw new Error(`API routes missing from /openapi.json (add them to src/web/openapi.ts): ${missing.join(', ')}`);
    }
  });

  // Serialised once: the document never changes while the server runs.
  const body = JSON.stringify(OPENAPI_DOCUMENT);
  app.get('/openapi.json', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').header('access-control-allow-origin', '*').send(body),
  );
}

/** Routes ("GET /api/papers/*") whose path and method the document does not describe. */
export function undocumentedRoutes(routes: string[]): string[] {
  const documented = new Set<string>();
  for (const [path, operations] of Object.entries(OPENAPI_DOCUMENT.paths)) {
    for (const method of Object.keys(operations)) documented.add(`${method.toUpperCase()} ${pathShape(path)}`);
  }
  return routes.filter((route) => {
    const [method, url] = route.split(' ') as [string, string];
    return !documented.has(`${method} ${pathShape(url)}`);
  });
}

/** `/api/papers/{arxivId}`, `/api/papers/:id` and `/api/papers/*` all become `/api/papers/{}`. */
function pathShape(path: string): string {
  return path.replace(/\{[^}]+\}|:[^/]+|\*/g, '{}');
}
