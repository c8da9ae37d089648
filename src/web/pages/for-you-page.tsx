/**
 * `/papers/for-you`: new papers ranked for the member, each with its reason; the first-run
 * picker when the hub knows too little of them; what it is, for a visitor.
 */
import type { Paper } from '../../core/paper.ts';
import type { ListedPaper } from '../../core/paper.ts';
import { IndexingNote } from '../views/indexing-note.tsx';
import { Layout, type Site } from '../views/layout.tsx';
import { type CardContext, PaperCard } from '../views/paper-card.tsx';

const HEAD = {
  description: 'New papers ranked for you from your library and upvotes, each with its reason.',
  path: '/papers/for-you',
};

export function ForYouVisitorPage(props: { site: Site }) {
  return (
    <Layout site={props.site} title="For you — Daily Papers" head={HEAD} tabs={null}>
      <section class="notice">
        <h1>Papers for you</h1>
        <p>
          Log in and this page ranks each day’s new papers for you, from the papers you save and upvote, and says why each one is
          here: the paper of yours it is most like, an author you read, or the words you read about.
        </p>
        <p>
          <a href="/login?next=%2Fpapers%2Ffor-you">Log in</a> or <a href="/signup">create an account</a>.
        </p>
      </section>
    </Layout>
  );
}

export function ForYouPage(props: {
  site: Site;
  items: { listed: ListedPaper; reason: string }[];
  context: CardContext;
  days: number;
  /** Ranked among the newest papers only: the archive is still being indexed. */
  indexing: boolean;
}) {
  const { site, items, context, days, indexing } = props;
  return (
    <Layout site={site} title="For you — Daily Papers" head={{ ...HEAD, path: null }} tabs={null}>
      <section class="papers">
        <h1>Papers for you</h1>
        <p>
          New papers of the last {days} days, ranked from your <a href="/library">library</a> and upvotes. Save or upvote papers
          and the list follows.
        </p>
        {indexing && <IndexingNote covered="these recommendations were chosen from" older="Others" />}
        {items.length === 0 && <p class="empty">Nothing new like your papers in the last {days} days.</p>}
        {items.map(({ listed, reason }) => (
          <PaperCard item={listed} context={context}>
            <span class="reason">Why: {reason}</span>
          </PaperCard>
        ))}
      </section>
    </Layout>
  );
}

/** The first run: pick three papers (saved to the library with one form), or import a library. */
export function ForYouStartPage(props: { site: Site; csrf: string; papers: Paper[]; have: number; needed: number }) {
  const { site, csrf, papers, have, needed } = props;
  return (
    <Layout site={site} title="For you: getting started — Daily Papers" head={{ ...HEAD, path: null }} tabs={null}>
      <section class="library">
        <h1>Papers for you: pick a few to start</h1>
        <p>
          Recommendations learn from the papers you like. {have > 0 ? `You have ${have}; ` : ''}tick at least {needed - have} of
          these recent papers, or <a href="/library">import your library</a> on your library page (BibTeX or RIS from Zotero,
          Mendeley or Google Scholar).
        </p>
        <form method="post" action="/papers/for-you/start">
          <input type="hidden" name="_csrf" value={csrf} />
          <ul class="picks">
            {papers.map((paper) => (
              <li>
                <label>
                  <input type="checkbox" name="paperId" value={paper.id} /> {paper.title}
                </label>
              </li>
            ))}
          </ul>
          <button type="submit">Save these and show my papers</button>
        </form>
      </section>
    </Layout>
  );
}
