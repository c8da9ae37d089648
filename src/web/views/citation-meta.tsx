import type { Paper } from '../../core/paper.ts';
import { arxivLinks } from '../../feeds/links.ts';

/**
 * A paper's metadata as reference managers and scholarly search read it: Highwire `citation_*`
 * tags (Google Scholar, the Zotero connector) and a schema.org ScholarlyArticle in JSON-LD.
 * The JSON-LD is a data block, not a script, so the strict CSP (script-src 'self') allows it.
 */
export function CitationMeta(props: { paper: Paper; url: string }) {
  const { paper, url } = props;
  const arxiv = arxivLinks(paper.id);
  const published = paper.publishedAt?.slice(0, 10) ?? null;
  return (
    <>
      <meta name="citation_title" content={paper.title} />
      {paper.authors.map((author) => (
        <meta name="citation_author" content={author} />
      ))}
      {published && <meta name="citation_publication_date" content={published.replaceAll('-', '/')} />}
      {arxiv && <meta name="citation_arxiv_id" content={paper.id} />}
      {arxiv && <meta name="citation_pdf_url" content={arxiv.pdf} />}
      <meta name="citation_abstract_html_url" content={url} />
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd(paper, url) }} />
    </>
  );
}

function jsonLd(paper: Paper, url: string): string {
  const arxiv = arxivLinks(paper.id);
  const article = {
    '@context': 'https://schema.org',
    '@type': 'ScholarlyArticle',
    name: paper.title,
    author: paper.authors.map((name) => ({ '@type': 'Person', name })),
    ...(paper.publishedAt && { datePublished: paper.publishedAt.slice(0, 10) }),
    ...(paper.abstract && { abstract: paper.abstract }),
    url,
    ...(arxiv && {
      identifier: { '@type': 'PropertyValue', propertyID: 'arXiv', value: paper.id },
      sameAs: arxiv.abs,
    }),
  };
  // Inside <script> only `</script>` or `<!--` could end or upset the block: no `<` is left raw.
  return JSON.stringify(article).replaceAll('<', '\\u003c');
}
