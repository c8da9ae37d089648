/** A saved filter as the API answers it, and the addresses of its page and feeds. */
import { categoryList, describeFilter, type Filter, type FilterEmail } from '../filters/index.ts';
import type { WebContext } from './context.ts';

/** The feeds' addresses; without the token only a public filter's answer (what others are shown). */
export function filterFeedUrls(ctx: Pick<WebContext, 'config'>, filter: Pick<Filter, 'id' | 'feedToken'>, withToken = true) {
  const base = `${ctx.config.baseUrl}/filters/${filter.id}/feed`;
  const token = withToken ? `?token=${encodeURIComponent(filter.feedToken)}` : '';
  return { atom: `${base}.atom${token}`, json: `${base}.json${token}` };
}

export function filterOut(ctx: Pick<WebContext, 'config'>, filter: Filter, email: FilterEmail) {
  return {
    id: filter.id,
    name: filter.name,
    query: filter.spec.query,
    categories: categoryList(filter.spec),
    hasCode: filter.spec.hasCode,
    minUpvotes: filter.spec.minUpvotes,
    scope: filter.spec.scope,
    description: describeFilter(filter.spec),
    public: filter.public,
    email,
    url: `${ctx.config.baseUrl}/filters/${filter.id}`,
    feeds: filterFeedUrls(ctx, filter),
    webhooks: `${ctx.config.baseUrl}/settings/webhooks?filter=${filter.id}`,
    createdAt: filter.createdAt,
    updatedAt: filter.updatedAt,
  };
}
