/** `/papers/topics` and its numbers as `/papers/topics.csv`: terms charted week by week. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { parseTopicQuery, type TopicInput, type TopicQuery, TopicQueryError } from '../../core/topic-query.ts';
import { topicsCsv } from '../../feeds/topics-csv.ts';
import { weeklyTopicCounts } from '../../search/index.ts';
import type { WebContext } from '../context.ts';
import { htmlResponse } from '../html.ts';
import { indexingHeaders } from '../indexing.ts';
import { TopicsPage } from '../pages/topics-page.tsx';
import { type Query, single } from '../params.ts';
import type { Rendered } from '../response-cache.ts';

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

  app.get<{ Querystring: Query }>('/papers/topics.csv', (request, reply) =>
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
