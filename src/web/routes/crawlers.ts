/**
 * `/robots.txt` and `/sitemap.xml` for search engines: the pages are open to them, the API and
 * personal pages are not; the sitemap lists the daily feed, every feed day and every paper page.
 * Past the protocol's 50,000 URLs a file, `/sitemap.xml` becomes an index of `/sitemap-N.xml`.
 */
import type { FastifyInstance } from 'fastify';
import { paperPath } from '../../feeds/links.ts';
import { SITEMAP_MAX_URLS, sitemapIndexXml, type SitemapUrl, sitemapXml } from '../../feeds/sitemap.ts';
import { countSitemapDays, countSitemapPapers, sitemapDays, sitemapPapers } from '../../store/sitemap.ts';
import type { WebContext } from '../context.ts';
import type { Rendered } from '../response-cache.ts';

/** Pages that are one person's or that only answer a form, and the JSON API. */
const DISALLOWED = [
  '/api/',
  '/login',
  '/signup',
  '/logout',
  '/settings',
  '/library',
  '/moderation',
  '/admin',
  '/subscribe/manage',
  '/confirm',
  '/unsubscribe',
];

const HOUR = 'public, max-age=3600';
const XML = 'application/xml; charset=utf-8';

export function registerCrawlerFiles(app: FastifyInstance, ctx: WebContext, urlsPerSitemap = SITEMAP_MAX_URLS): void {
  const base = ctx.config.baseUrl;
  const robots = [
    'User-agent: *',
    'Allow: /',
    ...DISALLOWED.map((path) => `Disallow: ${path}`),
    '',
    `Sitemap: ${base}/sitemap.xml`,
    '',
  ];
  app.get('/robots.txt', async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').header('cache-control', HOUR).send(robots.join('\n')),
  );

  app.get('/sitemap.xml', (request, reply) =>
    ctx.cache.serve(request, reply, async () => {
      const [days, papers] = await Promise.all([countSitemapDays(ctx.store), countSitemapPapers(ctx.store)]);
      const total = (days > 0 ? 1 : 0) + days + papers;
      if (total <= urlsPerSitemap) return xml(sitemapXml(await sitemapSlice(ctx, 0, urlsPerSitemap)));
      const files = Array.from({ length: Math.ceil(total / urlsPerSitemap) }, (_, i) => `${base}/sitemap-${i + 1}.xml`);
      return xml(sitemapIndexXml(files));
    }),
  );

  app.get<{ Params: { n: string } }>('/sitemap-:n.xml', (request, reply) =>
    ctx.cache.serve(request, reply, async () => {
      const n = /^[1-9]\d{0,6}$/.test(request.params.n) ? Number(request.params.n) : 0;
      const urls = n > 0 ? await sitemapSlice(ctx, (n - 1) * urlsPerSitemap, urlsPerSitemap) : [];
      if (urls.length === 0) return { status: 404, type: 'text/plain; charset=utf-8', body: `No sitemap ${request.params.n}.` };
      return xml(sitemapXml(urls));
    }),
  );
}

function xml(body: string): Rendered {
  return { status: 200, type: XML, body, headers: { 'cache-control': HOUR } };
}

/**
 * URLs `offset` to `offset + limit` of the whole list: `/papers` (when the feed has a day),
 * then the feed days newest first, then the papers.
 */
async function sitemapSlice(ctx: WebContext, offset: number, limit: number): Promise<SitemapUrl[]> {
  const base = ctx.config.baseUrl;
  const urls: SitemapUrl[] = [];
  const dayCount = await countSitemapDays(ctx.store);
  const days = await sitemapDays(ctx.store, Math.max(0, offset - 1), limit + 1);
  if (offset === 0 && dayCount > 0) urls.push({ loc: `${base}/papers`, lastmod: days[0]!.lastmod });
  for (const day of days) {
    if (urls.length === limit) break;
    urls.push({ loc: `${base}/papers/date/${day.day}`, lastmod: day.lastmod });
  }
  const paperOffset = Math.max(0, offset - (dayCount > 0 ? 1 + dayCount : 0));
  if (urls.length < limit) {
    for (const paper of await sitemapPapers(ctx.store, paperOffset, limit - urls.length)) {
      urls.push({ loc: `${base}${paperPath(paper.id)}`, lastmod: paper.lastmod });
    }
  }
  return urls;
}
