import { paperPath } from '../../feeds/links.ts';
import type { FeedItem } from '../../store/feed.ts';
import { shortAuthors, textStart } from './format.ts';
import { PaperLinks } from './paper-links.tsx';
import { Upvotes } from './upvotes.tsx';

/** One entry of a feed list: enough to decide whether to open the paper. */
export function PaperCard(props: { item: FeedItem }) {
  const { paper } = props.item;
  return (
    <article class="card">
      <Upvotes count={paper.upvotes} />
      <div class="card-body">
        <h2 class="card-title">
          <a href={paperPath(paper.id)}>{paper.title}</a>
        </h2>
        {paper.authors.length > 0 && <p class="authors">{shortAuthors(paper.authors)}</p>}
        {paper.abstract && <p class="abstract">{textStart(paper.abstract)}</p>}
        <p class="meta">
          {paper.primaryCategory && <span class="category">{paper.primaryCategory}</span>}
          <PaperLinks paper={paper} />
        </p>
      </div>
    </article>
  );
}
