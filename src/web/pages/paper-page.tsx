import type { ComponentChildren } from 'preact';
import { arxivLinks, paperPath, safeHttpUrl } from '../../feeds/links.ts';
import { thumbnailPngPath } from '../../feeds/thumbnail-png.ts';
import { THUMBNAIL_HEIGHT, THUMBNAIL_WIDTH } from '../../feeds/thumbnail.ts';
import type { FeedEntry, Paper } from '../../core/paper.ts';
import { humanDay, humanInstant } from '../views/format.ts';
import { IndexingNote } from '../views/indexing-note.tsx';
import { CitationMeta } from '../views/citation-meta.tsx';
import { Layout, type Site, type Tabs } from '../views/layout.tsx';
import type { PageHead } from '../views/page-head.tsx';
import { PaperLinks } from '../views/paper-links.tsx';
import { Submitter } from '../views/submitter.tsx';

/** `/papers/{id}`: everything known about one paper. */
export function PaperPage(props: {
  site: Site;
  tabs: Tabs;
  paper: Paper;
  entry: FeedEntry | null;
  /** The community's upvote button, in place of the plain count, and what follows the paper (discussion). */
  community: { upvote: ComponentChildren; below: ComponentChildren };
  /** Papers like this one, most similar first; `indexing`: found among the newest papers only (the archive is being indexed). */
  similar?: { papers: Paper[]; indexing: boolean };
  /** Save and Cite (src/web/views/library-controls.tsx). */
  library?: ComponentChildren;
  /** A member's marks and follows (src/web/views/feedback-controls.tsx). */
  taste?: ComponentChildren;
}) {
  const { site, tabs, paper, entry, community, similar = { papers: [], indexing: false }, library, taste } = props;
  const doi = paper.doi ? `https://doi.org/${encodeURI(paper.doi)}` : null;
  const updated = paper.updatedAt && paper.updatedAt.slice(0, 10) !== paper.publishedAt?.slice(0, 10) ? paper.updatedAt : null;
  return (
    <Layout site={site} title={`${paper.title} — Daily Papers`} head={paperHead(site, paper)} tabs={tabs}>
      <article class="paper">
        <div class="paper-head">
          {community.upvote}
          <div>
            <h1 class="paper-title">{paper.title}</h1>
            {paper.authors.length > 0 && <p class="authors">{paper.authors.join(', ')}</p>}
          </div>
        </div>
        <p class="meta">
          <PaperLinks paper={paper} />
        </p>
        {library}
        {taste}
        {paper.abstract && (
          <section>
            <h2>Abstract</h2>
            <p class="abstract-full">{paper.abstract}</p>
          </section>
        )}
        <dl class="facts">
          <dt>{arxivLinks(paper.id) ? 'arXiv id' : 'Id'}</dt>
          <dd>
            <code>{paper.id}</code>
            {paper.version !== null && ` (v${paper.version})`}
          </dd>
          {paper.categories.length > 0 && (
            <>
              <dt>Categories</dt>
              <dd>
                {paper.categories.map((category) => (
                  <span class="category">{category}</span>
                ))}
              </dd>
            </>
          )}
          {paper.publishedAt && (
            <>
              <dt>Published</dt>
              <dd>
                <time datetime={paper.publishedAt}>{humanInstant(paper.publishedAt)}</time>
              </dd>
            </>
          )}
          {updated && (
            <>
              <dt>Updated</dt>
              <dd>
                <time datetime={updated}>{humanInstant(updated)}</time>
              </dd>
            </>
          )}
          {entry && (
            <>
              <dt>On the feed</dt>
              <dd>
                <a href={`/papers/date/${entry.day}`}>{humanDay(entry.day)}</a>
              </dd>
              <dt>Submitted by</dt>
              <dd>
                <Submitter entry={entry} />
              </dd>
            </>
          )}
          {paper.comment && (
            <>
              <dt>Comment</dt>
              <dd>{paper.comment}</dd>
            </>
          )}
          {paper.journalRef && (
            <>
              <dt>Journal reference</dt>
              <dd>{paper.journalRef}</dd>
            </>
          )}
          {doi && (
            <>
              <dt>DOI</dt>
              <dd>
                <a href={doi}>{paper.doi}</a>
              </dd>
            </>
          )}
          {safeHttpUrl(paper.githubRepo) && (
            <>
              <dt>Code</dt>
              <dd>
                <a href={safeHttpUrl(paper.githubRepo)!}>{paper.githubRepo}</a>
              </dd>
            </>
          )}
          {safeHttpUrl(paper.projectPage) && (
            <>
              <dt>Project page</dt>
              <dd>
                <a href={safeHttpUrl(paper.projectPage)!}>{paper.projectPage}</a>
              </dd>
            </>
          )}
        </dl>
      </article>
      {/* While the archive is indexed, even none found says so: older similar papers may exist. */}
      {(similar.papers.length > 0 || similar.indexing) && (
        <section class="similar">
          <h2>Similar papers</h2>
          {similar.indexing && <IndexingNote covered="similar papers were looked for among" older="Older similar papers" />}
          {similar.papers.length > 0 && (
            <ul>
              {similar.papers.map((other) => (
                <li>
                  <a href={paperPath(other.id)}>{other.title}</a>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {community?.below}
    </Layout>
  );
}

/** The abstract's start to describe it, its thumbnail to preview it, its citation metadata. */
function paperHead(site: Site, paper: Paper): PageHead {
  const path = paperPath(paper.id);
  return {
    description: paper.abstract || `${paper.title}${paper.authors.length > 0 ? `, by ${paper.authors.join(', ')}` : ''}.`,
    path,
    type: 'article',
    // A PNG: link previews (Slack, X, Facebook, LinkedIn) ignore SVG pictures.
    image: {
      url: `${site.baseUrl}${thumbnailPngPath(paper)}`,
      width: THUMBNAIL_WIDTH,
      height: THUMBNAIL_HEIGHT,
      type: 'image/png',
    },
    extra: <CitationMeta paper={paper} url={`${site.baseUrl}${path}`} />,
  };
}
