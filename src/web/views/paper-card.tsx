import type { ComponentChildren } from 'preact';
import { paperPath } from '../../feeds/links.ts';
import type { Paper } from '../../core/paper.ts';
import { humanInstant, shortAuthors, textStart } from './format.ts';
import { PaperLinks } from './paper-links.tsx';
import { Upvotes } from './upvotes.tsx';

/**
 * One entry of a list (a feed, search results): enough to decide whether to open the paper.
 * A search passes its highlighted title and abstract, and the date to show.
 */
export function PaperCard(props: {
  paper: Paper;
  title?: ComponentChildren;
  abstract?: ComponentChildren;
  date?: string;
  /** A list's own addition to the card's last line (the trending sparkline). */
  children?: ComponentChildren;
}) {
  const { paper, title, abstract, date, children } = props;
  return (
    <article class="card">
      <Upvotes count={paper.upvotes} />
      <div class="card-body">
        <h2 class="card-title">
          <a href={paperPath(paper.id)}>{title ?? paper.title}</a>
        </h2>
        {paper.authors.length > 0 && <p class="authors">{shortAuthors(paper.authors)}</p>}
        {abstract ? <p class="abstract">{abstract}</p> : paper.abstract && <p class="abstract">{textStart(paper.abstract)}</p>}
        <p class="meta">
          {date && <time datetime={date}>{humanInstant(date)}</time>}
          {paper.primaryCategory && <span class="category">{paper.primaryCategory}</span>}
          <PaperLinks paper={paper} />
          {children}
        </p>
      </div>
    </article>
  );
}
