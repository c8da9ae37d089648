/**
 * `POST /api/recommendations` (stateless, Semantic Scholar's shape: the caller names the papers it
 * likes and dislikes) and `GET /api/me/recommendations` (from the member's library and votes).
 * Both answer Hugging Face's daily-item list, ranked, each item with its `reason` in words.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { formatDay } from '../../core/dates.ts';
import { hfDailyItem } from '../../feeds/hf-json.ts';
import { EXACT, HfDailyItem } from '../../feeds/hf-shapes.ts';
import {
  DEFAULT_RECOMMENDATIONS,
  MAX_PAPER_IDS,
  MAX_RECOMMENDATIONS,
  type MemberRecommendations,
  recommendForMember,
  recommendPapers,
} from '../../recommend/recommend.ts';
import { Refusal } from '../../social/errors.ts';
import { feedEntriesOf } from '../../store/feed.ts';
import { tasteOfMember } from '../../store/taste.ts';
import { BAD_PARAMETER, dayParam, PUBLIC, refused, SIGNED_IN, wholeNumberParam } from '../api-schema.ts';
import { requireViewer } from '../auth.ts';
import type { WebContext } from '../context.ts';
import { INDEXING_RESPONSE_HEADER, indexingHeaders } from '../search-headers.ts';

/** Where the ids the hub does not know are listed back (the body is Hugging Face's plain list). */
export const UNKNOWN_IDS_HEADER = 'x-unknown-paper-ids';

const RecommendedItem = Type.Object(
  {
    ...HfDailyItem.properties,
    reason: Type.String({
      description: 'Why it is recommended, in words: the library paper it is most like, an author, or shared words.',
    }),
  },
  EXACT,
);

const RECOMMENDED_LIST = Type.Array(RecommendedItem, { description: 'New papers, best first, each with its reason.' });

const idList = (name: string, description: string) =>
  Type.Array(Type.String({ maxLength: 300, 'x-refusal': `${name} must be a list of arXiv ids (strings)` }), {
    maxItems: MAX_PAPER_IDS,
    description,
    'x-refusal': `${name} names more than ${MAX_PAPER_IDS} papers: send at most ${MAX_PAPER_IDS} (the most telling ones)`,
  });

const bodyDay = (name: string, description: string) =>
  Type.Optional(
    Type.String({ format: 'date', description, 'x-refusal': `Invalid ${name}: parameter ${name} must be a date, YYYY-MM-DD` }),
  );

const RecommendationsBody = Type.Object({
  positivePaperIds: {
    ...idList(
      'positivePaperIds',
      `Papers the reader likes: arXiv ids or URLs, 1 to ${MAX_PAPER_IDS}. Duplicates count once; ids this hub does not have are ignored and listed back in the \`${UNKNOWN_IDS_HEADER}\` header (404 when none is known).`,
    ),
    'x-missing': 'positivePaperIds is required: a list of the arXiv ids of papers the reader likes',
  },
  negativePaperIds: Type.Optional(
    idList(
      'negativePaperIds',
      `Papers the reader is not interested in (at most ${MAX_PAPER_IDS}): left out, and papers like them lowered.`,
    ),
  ),
  from: bodyDay('from', 'Papers published on or after, YYYY-MM-DD; default 30 days before `to` (or today).'),
  to: bodyDay('to', 'Papers published on or before, YYYY-MM-DD; default no bound.'),
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_RECOMMENDATIONS,
      default: DEFAULT_RECOMMENDATIONS,
      description: 'Papers.',
      'x-refusal': `Invalid limit: parameter limit must be a whole number from 1 to ${MAX_RECOMMENDATIONS}`,
    }),
  ),
});

const MeQuery = Type.Object({
  from: dayParam('Papers published on or after, YYYY-MM-DD; default 30 days before `to` (or today).'),
  to: dayParam('Papers published on or before, YYYY-MM-DD.'),
  limit: wholeNumberParam('limit', { min: 1, max: MAX_RECOMMENDATIONS, fallback: DEFAULT_RECOMMENDATIONS }, 'Papers.'),
});

export function registerRecommendApi(app: FastifyInstance, ctx: WebContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const today = () => formatDay(ctx.community.now());

  const send = async (reply: FastifyReply, { items, indexing }: MemberRecommendations) => {
    const entries = await feedEntriesOf(
      ctx.store,
      items.map((item) => item.paper.id),
    );
    return reply
      .headers(indexingHeaders(indexing))
      .send(
        items.map(({ paper, reason }) => ({ ...hfDailyItem({ paper, entry: entries.get(paper.id) ?? null }, ctx.hf), reason })),
      );
  };

  api.post(
    '/api/recommendations',
    {
      schema: {
        operationId: 'recommendPapers',
        tags: ['search'],
        summary: 'Recommend papers for a list of liked (and disliked) papers',
        description:
          'Stateless, in Semantic Scholar’s shape; holds no private data, so no login is needed (rate-limited as searches are). ' +
          'Ranked by a model trained on the given papers (nearest neighbours by distinctive words, a linear model over term features, shared authors).',
        security: PUBLIC,
        body: RecommendationsBody,
        response: {
          200: {
            ...RECOMMENDED_LIST,
            headers: {
              [UNKNOWN_IDS_HEADER]: {
                type: 'string',
                description: 'Given ids not found here, comma-separated (absent when all are known).',
              },
              ...INDEXING_RESPONSE_HEADER,
            },
          },
          400: BAD_PARAMETER,
          404: refused('None of positivePaperIds is a paper on this hub.'),
          429: refused('Too many searches at once from one address.'),
        },
      },
    },
    async (request, reply) => {
      const { positivePaperIds, negativePaperIds = [], from, to, limit = DEFAULT_RECOMMENDATIONS } = request.body;
      if (positivePaperIds.length === 0)
        throw new Refusal('invalid', 'positivePaperIds is empty: name at least one paper the reader likes');
      const answer = await recommendPapers(
        ctx.searchIndex,
        {
          positives: positivePaperIds.map((paperId) => ({ paperId, source: 'given' as const })),
          negatives: negativePaperIds,
          from,
          to,
          limit,
          today: today(),
        },
        { semantic: ctx.semantic },
      );
      if (answer.unknownPaperIds.length > 0) void reply.header(UNKNOWN_IDS_HEADER, answer.unknownPaperIds.join(','));
      void reply.header('access-control-allow-origin', '*');
      return send(reply, answer);
    },
  );

  api.get(
    '/api/me/recommendations',
    {
      schema: {
        operationId: 'myRecommendations',
        tags: ['library'],
        summary: 'New papers for you, from your library and upvotes, each with its reason',
        security: SIGNED_IN,
        querystring: MeQuery,
        response: {
          200: { ...RECOMMENDED_LIST, headers: INDEXING_RESPONSE_HEADER },
          400: BAD_PARAMETER,
          401: refused('No valid token or session.'),
        },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const { from, to, limit = DEFAULT_RECOMMENDATIONS } = request.query;
      const taste = await tasteOfMember(ctx.store, viewer.id);
      const answer = await recommendForMember(
        ctx.searchIndex,
        taste,
        { from, to, limit, today: today() },
        { semantic: ctx.semantic },
      );
      void reply.header('cache-control', 'no-store');
      return send(reply, answer);
    },
  );
}
