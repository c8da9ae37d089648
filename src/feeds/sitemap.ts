/** Sitemaps as sitemaps.org defines them (protocol 0.9): a list of pages, or an index of such lists. */

/** At most this many URLs in one sitemap file (the protocol's limit). */
export const SITEMAP_MAX_URLS = 50_000;

const NAMESPACE = 'http://www.sitemaps.org/schemas/sitemap/0.9';

export interface SitemapUrl {
  /** Absolute address. */
  loc: string;
  /** ISO date or instant of the page's last change. */
  lastmod: string;
}

export function sitemapXml(urls: readonly SitemapUrl[]): string {
  const items = urls.map((url) => `<url><loc>${escapeXml(url.loc)}</loc><lastmod>${escapeXml(url.lastmod)}</lastmod></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${NAMESPACE}">\n${items.join('\n')}\n</urlset>\n`;
}

export function sitemapIndexXml(locs: readonly string[]): string {
  const items = locs.map((loc) => `<sitemap><loc>${escapeXml(loc)}</loc></sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${NAMESPACE}">\n${items.join('\n')}\n</sitemapindex>\n`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
