import type { ComponentChildren } from 'preact';
import type { ListedPaper } from '../../core/paper.ts';
import { type SearchHit, type SearchQuery, snippet } from '../../search/index.ts';
import { plural } from '../views/format.ts';
import { Highlighted } from '../views/highlighted.tsx';
import { Follow, followSearch } from '../views/follow.tsx';
import { IndexingNote } from '../views/indexing-note.tsx';
import { Layout, type Site } from '../views/layout.tsx';
import { type CardContext, CardList, PaperCard } from '../views/paper-card.tsx';
import { PageNav, type Paging } from '../views/pager.tsx';

const SNIPPET_CHARS = 300;

export interface SearchPageProps {
  site: Site;
  query: SearchQuery;
  items: (ListedPaper & { hit: SearchHit })[];
  total: number;
  /** The search stopped at its work budget, or covered the newest papers only: more papers may match than it found. */
  partial: boolean;
  /** The archive is still being indexed: only its newest papers were searched. */
  indexing: boolean;
  /** Address of this search's Atom feed. */
  feedHref: string;
  page: Paging;
  cards: CardContext;
  /** Follow the author searched for or the category filtered by (a member's, feedback-controls.tsx). */
  follows?: ComponentChildren;
}

/** `/papers?q=`: search results as cards, matched words marked, with the filters above them. */
export function SearchPage(props: SearchPageProps) {
  const { site, query, items, total, partial, indexing, feedHref, page, cards, follows } = props;
  return (
    <Layout
      site={site}
      title={`${query.q} — Search — Daily Papers`}
      head={{ description: `Papers matching “${query.q}” on Daily Papers, best matches first.`, path: page.href(page.current) }}
      tabs={null}
      query={query.q}
      alternate={{ title: `Daily Papers search: ${query.q}`, href: feedHref }}
    >
      <div class="feed-head">
        <h1>Search results for “{query.q}”</h1>
        <p class="count">
          {plural(total, 'paper')} · <a href={feedHref}>Atom feed of this search</a>
        </p>
        {follows}
        <Follow {...followSearch(site, query, feedHref.slice(feedHref.indexOf('?') + 1), cards)} />
        {indexing && <IndexingNote covered="this search covered" older="Older matches" />}
        {partial && !indexing && (
          <p class="notice">
            This search stopped early: it asked for more work than one search may do (many common words, or phrases and author
            names that needed too many papers read). Some matches may be missing; fewer or rarer words, a more specific phrase or
            a filter finds them.
          </p>
        )}
      </div>
      <SearchFilters query={query} />
      <PageNav {...page} place="top" />
      {items.length > 0 ? (
        <CardList context={cards} densityToggle>
          {items.map((item) => (
            <PaperCard
              item={item}
              context={cards}
              title={<Highlighted segments={item.hit.highlights.title} />}
              abstract={<Highlighted segments={snippet(item.hit.highlights.abstract, SNIPPET_CHARS)} />}
            />
          ))}
        </CardList>
      ) : (
        <p class="empty">
          {page.current > 1
            ? 'No more results.'
            : 'No papers match your search. Try fewer or different words, or remove a filter.'}
        </p>
      )}
      <PageNav {...page} place="bottom" />
      {cards.member && <script type="module" src={site.upvoteScriptHref} />}
    </Layout>
  );
}

function SearchFilters({ query }: { query: SearchQuery }) {
  const hasCode = query.hasCode === undefined ? '' : String(query.hasCode);
  return (
    <form class="search-filters" action="/papers" method="get">
      <input type="hidden" name="q" value={query.q} />
      <label>
        From <input type="date" name="from" value={query.from ?? ''} />
      </label>
      <label>
        To <input type="date" name="to" value={query.to ?? ''} />
      </label>
      <label>
        Category <input type="text" name="category" value={query.category ?? ''} placeholder="cs.CL" size={8} />
      </label>
      <label>
        Code{' '}
        <select name="hasCode">
          <option value="" selected={hasCode === ''}>
            Any
          </option>
          <option value="true" selected={hasCode === 'true'}>
            With code
          </option>
          <option value="false" selected={hasCode === 'false'}>
            Without code
          </option>
        </select>
      </label>
      <label>
        Sort{' '}
        <select name="sort">
          <option value="relevance" selected={query.sort !== 'date'}>
            Best match
          </option>
          <option value="date" selected={query.sort === 'date'}>
            Newest
          </option>
        </select>
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}
