/** `/settings/taste`: everything the hub has learned about a member's taste, each part removable, and the reset. */
import { paperPath } from '../../feeds/links.ts';
import type { Taste } from '../../library/taste.ts';
import { humanInstant } from '../views/format.ts';
import { FollowButtons } from '../views/feedback-controls.tsx';
import { Layout, type Site } from '../views/layout.tsx';

const HERE = '/settings/taste';

export function TastePage(props: { site: Site; csrf: string; taste: Taste }) {
  const { site, csrf, taste } = props;
  const marks = (kind: 'more' | 'less') => taste.feedback.filter((f) => f.kind === kind);
  return (
    <Layout
      site={site}
      title="What the hub has learned about you — Daily Papers"
      head={{ description: 'The follows and marks your recommendations read, each removable.', path: HERE }}
      tabs={null}
    >
      <section class="notice account taste">
        <h1>What the hub has learned about you</h1>
        <p>
          Your recommendations read only what is on this page: the authors and categories you follow, the papers you marked, and
          the {taste.saved} {taste.saved === 1 ? 'paper' : 'papers'} you saved and {taste.upvoted} you upvoted.
        </p>
        <h2>Followed authors and categories</h2>
        {taste.follows.length === 0 ? (
          <p>None yet: follow authors on a paper’s page or an author search, and categories from a paper or a search filter.</p>
        ) : (
          <FollowButtons
            label="Followed authors and categories: press one to unfollow"
            choices={taste.follows.map((f) => ({ kind: f.kind, value: f.value, followed: true }))}
            csrf={csrf}
            next={HERE}
          />
        )}
        {(['more', 'less'] as const).map((kind) => (
          <>
            <h2>{kind === 'more' ? 'More like these' : 'Not interested (hidden from your lists)'}</h2>
            {marks(kind).length === 0 ? (
              <p>None.</p>
            ) : (
              <ul class="taste-marks">
                {marks(kind).map((mark) => (
                  <li>
                    <a href={paperPath(mark.paperId)}>{mark.title}</a>{' '}
                    <time datetime={mark.createdAt}>{humanInstant(mark.createdAt)}</time>
                    <form method="post" action="/feedback">
                      <input type="hidden" name="_csrf" value={csrf} />
                      <input type="hidden" name="paperId" value={mark.paperId} />
                      <input type="hidden" name="next" value={HERE} />
                      <button type="submit" name="kind" value="none">
                        Remove
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            )}
          </>
        ))}
        <h2>Start over</h2>
        <p>
          Resetting forgets every follow and mark above. Your library and your upvotes stay: remove those from the library and the
          papers themselves.
        </p>
        <form method="post" action={`${HERE}/reset`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <button type="submit">Reset everything learned</button>
        </form>
      </section>
    </Layout>
  );
}
