import type { ComponentChildren } from 'preact';
import { textStart } from './format.ts';

/** What a page says about itself to search engines and link previews. */
export interface PageHead {
  /** A sentence or two: the start of a paper's abstract, what a list shows. */
  description: string;
  /** The page's own path (with the query that makes it this page), made absolute for the canonical link; null for answers that are no page of their own (errors). */
  path: string | null;
  /** `article` for a paper, `website` otherwise. */
  type?: 'website' | 'article';
  /** The preview picture (absolute address, size, type); the site icon otherwise. */
  image?: { url: string; width: number; height: number; type: string };
  /** More tags for this page (a paper's citation metadata). */
  extra?: ComponentChildren;
}

/** What the daily feed is, in a sentence. */
export const DAILY_DESCRIPTION = 'The papers the research community picks, upvotes and discusses each day, most upvoted first.';

// Search engines show about this much; previews cut shorter.
const DESCRIPTION_CHARS = 200;

/** The `<head>` tags that follow the title: description, canonical, Open Graph, Twitter card. */
export function PageMeta(props: { baseUrl: string; iconHref: string; title: string; head: PageHead }) {
  const { baseUrl, iconHref, title, head } = props;
  const description = textStart(head.description, DESCRIPTION_CHARS);
  const url = head.path === null ? null : `${baseUrl}${head.path}`;
  const image = head.image?.url ?? `${baseUrl}${iconHref}`;
  return (
    <>
      <meta name="description" content={description} />
      {url ? <link rel="canonical" href={url} /> : <meta name="robots" content="noindex" />}
      <meta property="og:site_name" content="Daily Papers" />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={description} />
      {url && <meta property="og:url" content={url} />}
      <meta property="og:type" content={head.type ?? 'website'} />
      <meta property="og:image" content={image} />
      {head.image && (
        <>
          <meta property="og:image:width" content={String(head.image.width)} />
          <meta property="og:image:height" content={String(head.image.height)} />
          <meta property="og:image:type" content={head.image.type} />
        </>
      )}
      {/* Twitter reads the title, description and picture from the Open Graph tags above. */}
      <meta name="twitter:card" content={head.image ? 'summary_large_image' : 'summary'} />
      {head.extra}
    </>
  );
}
