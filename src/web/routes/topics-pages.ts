/** `/papers/topics` and its numbers as `/papers/topics.csv`: terms charted week by week. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { h } from 'preact';
import {
  DEFAULT_TOPIC_TERMS,
  DEFAULT_TOPIC_WEEKS,
  MAX_TOPIC_TERMS,
  parseTopicQuery,
  type TopicInput,
  type TopicQuery,
  TopicQueryError,
} from '../../core/topic-query.ts';
import { topicsCsv } from '../../feeds/topics-csv.ts';
import { weeklyTopicCounts } from '../../search/index.ts';
import { PUBLIC } from '../api-schema.ts';
import type { WebContext } from '../context.ts';
import { htmlResponse } from '../html.ts';
import { INDEXING_RESPONSE_HEADER, indexingHeaders } from '../search-headers.ts';
import { TopicsPage } from '../pages/topics-page.tsx';
import { type Query, single } from '../params.ts';
import type { Rendered } from '../response-cache.ts';

const PERIOD = 'A year (2026), a month (2026-01), an ISO week (2026-W05) or a day (2026-01-15)';

/**
 * In /openapi.json (a script may chart the numbers itself), with the header that says they come
 * from the newest papers only. The parameters stay strings: the page's own words refuse bad ones.
 */
const TOPICS_CSV_SCHEMA = {
  operationId: 'topicsCsv',
  tags: ['search'],
  summary: 'Papers matching each term, week by week, as CSV',
  description: 'The numbers of the /papers/topics chart: a header row of terms, then one row per ISO week.',
  security: PUBLIC,
  querystring: Type.Object({
    terms: Type.Optional(
      Type.String({
        description: `Up to ${MAX_TOPIC_TERMS} terms, comma-separated: words as the search box reads them ("a phrase" in quotes), or cat:cs.CL for a category. Default: ${DEFAULT_TOPIC_TERMS}.`,
      }),
    ),
    from: Type.Optional(
      Type.String({ description: `${PERIOD}: the first week. Default: ${DEFAULT_TOPIC_WEEKS} weeks before \`to\`.` }),
    ),
    to: Type.Optional(Type.String({ description: `${PERIOD}: the last week. Default: this week.` })),
  }),
  response: {
    200: {
      description: 'The counts.',
      content: { 'text/csv': { schema: { type: 'string' } } },
      headers: INDEXING_RESPONSE_HEADER,
    },
    400: {
      description: 'Terms or a range that cannot be charted: the reason.',
      content: { 'text/plain': { schema: { type: 'string' } } },
    },
  },
};

export function registerTopicPages(app: FastifyInstance, ctx: WebContext): void {
  const read = (request: FastifyRequest<{ Querystring: Query }>): { input: TopicInput; query: TopicQuery | string } => {
    const query = request.query;
    const input = { terms: single(query, 'terms'), from: single(query, 'from'), to: single(query, 'to') };
    try {
      return { input, query: parseTopicQuery(input, ctx.community.now()) };
    } catch (error) {
      if (error instanceof TopicQueryError) return { input, query: error.message };
      throw error;
    }
  };

  app.get<{ Querystring: Query }>('/papers/topics', (request, reply) =>
    ctx.cache.serve(request, reply, async () => {
      const { input, query } = read(request);
      if (typeof query === 'string')
        return htmlResponse(400, h(TopicsPage, { site: ctx.site, input, path: null, result: { error: query } }));
      const counts = await weeklyTopicCounts(ctx.searchIndex, query);
      const csvHref = `/papers/topics.csv${request.url.slice('/papers/topics'.length)}`;
      return htmlResponse(
        200,
        h(TopicsPage, { site: ctx.site, input, path: request.url, result: { weeks: query.weeks, ...counts, csvHref } }),
      );
    }),
  );

  app.get<{ Querystring: Query }>('/papers/topics.csv', { schema: TOPICS_CSV_SCHEMA }, (request, reply) =>
    ctx.cache.serve(request, reply, async (): Promise<Rendered> => {
      const { query } = read(request);
      if (typeof query === 'string') return { status: 400, type: 'text/plain; charset=utf-8', body: `${query}\n` };
      const { series, indexing } = await weeklyTopicCounts(ctx.searchIndex, query);
      const filename = `topics-${query.weeks[0]}-${query.weeks[query.weeks.length - 1]}.csv`;
      return {
        status: 200,
        type: 'text/csv; charset=utf-8',
        body: topicsCsv(
          query.weeks,
          series.map((s) => ({ label: s.term.label, counts: s.counts })),
        ),
        headers: { 'content-disposition': `attachment; filename="${filename}"`, ...indexingHeaders(indexing) },
      };
    }),
  );
}
