/** `/api/papers/{id}/engagement`: the numbers behind the paper page's engagement chart. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { engagementHistory } from '../../rank/engagement-history.ts';
import { Refusal } from '../../social/errors.ts';
import { PaperIdParams, PUBLIC, refused } from '../api-schema.ts';
import { EngagementHistory } from '../community-schemas.ts';
import type { WebContext } from '../context.ts';
import { lookUpPaper } from '../paper-lookup.ts';

export function registerEngagementApi(app: FastifyInstance, ctx: WebContext): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/papers/:arxivId/engagement',
    {
      schema: {
        operationId: 'paperEngagement',
        tags: ['community'],
        summary: 'A paper’s upvotes and comments per day',
        security: PUBLIC,
        params: PaperIdParams,
        response: { 200: EngagementHistory, 404: refused('No such paper.') },
      },
    },
    async (request) => {
      const found = await lookUpPaper(ctx.store, request.params.arxivId, request.viewer);
      if (found.kind !== 'found') throw new Refusal('not-found', `Paper ${request.params.arxivId} not found`);
      return engagementHistory(ctx.store, found.paper, ctx.community.now());
    },
  );
}
