/**
 * "Follow" on a list page: its feeds, saving it as a filter mailed to you, and webhooks
 * through a saved filter. A `<details>` of plain links and one form, so it works without script.
 */
export interface FollowProps {
  /** The list's Atom and JSON feeds. */
  feeds: { atom: string; json: string };
  /** The filter that stands for the list (null: the list cannot be one, e.g. a collection). */
  save: { name: string; query?: string; categories?: string[]; hasCode?: boolean; scope: 'feed' | 'archive' } | null;
  /** The signed-in member's form token; null for everyone else. */
  csrf: string | null;
  /** Where logging in comes back to. */
  next: string;
  /** On a saved filter's page, for its owner: where its e-mail and webhooks are set. */
  own?: { email: string; webhooks: string };
}

export function Follow(props: FollowProps) {
  const { feeds, save, csrf, next, own } = props;
  return (
    <details class="follow">
      <summary>Follow</summary>
      <ul>
        <li>
          Feed: <a href={feeds.atom}>Atom</a> · <a href={feeds.json}>JSON Feed</a>
        </li>
        {save &&
          (csrf ? (
            <li>
              <form method="post" action="/filters">
                <input type="hidden" name="_csrf" value={csrf} />
                <input type="hidden" name="name" value={save.name} />
                <input type="hidden" name="scope" value={save.scope} />
                {save.query && <input type="hidden" name="query" value={save.query} />}
                {save.categories?.length ? <input type="hidden" name="categories" value={save.categories.join(' ')} /> : null}
                {save.hasCode !== undefined && <input type="hidden" name="hasCode" value={String(save.hasCode)} />}
                <input type="hidden" name="email" value="daily" />
                <button type="submit">Save as a filter and e-mail me daily</button>
              </form>
            </li>
          ) : (
            <li>
              <a href={`/login?next=${encodeURIComponent(next)}`}>Log in</a> to save this as a filter and get it by e-mail
            </li>
          ))}
        {own && (
          <>
            <li>
              <a href={own.email}>E-mail</a>: daily or weekly
            </li>
            <li>
              <a href={own.webhooks}>Webhook</a>: Slack, Discord or signed JSON
            </li>
          </>
        )}
        {save && <li>Webhook (Slack, Discord, JSON): save it as a filter, then add one on the filter’s page</li>}
      </ul>
    </details>
  );
}

type Member = { member: { csrf: string } | null; listHref: string };

/** The daily, weekly, monthly and trending lists: the daily feed, and a filter of it. */
export function followDaily(site: { baseUrl: string; atomHref: string }, cards: Member): FollowProps {
  return {
    feeds: { atom: site.atomHref, json: `${site.baseUrl}/papers/feed.json` },
    save: { name: 'The daily feed', scope: 'feed' },
    csrf: cards.member?.csrf ?? null,
    next: cards.listHref,
  };
}

/** A search: its feeds, and a filter of the archive with its words, category and code. */
export function followSearch(
  site: { baseUrl: string },
  search: { q: string; category?: string; hasCode?: boolean },
  feedQuery: string,
  cards: Member,
): FollowProps {
  return {
    feeds: { atom: `${site.baseUrl}/papers/search.atom?${feedQuery}`, json: `${site.baseUrl}/papers/search.json?${feedQuery}` },
    save: {
      name: `Search: ${[...search.q].slice(0, 90).join('')}`,
      query: search.q,
      categories: search.category ? [search.category] : [],
      hasCode: search.hasCode,
      scope: 'archive',
    },
    csrf: cards.member?.csrf ?? null,
    next: cards.listHref,
  };
}

/** A public collection: its feeds (a hand-picked list is no filter). */
export function followCollection(site: { baseUrl: string }, collectionId: number): FollowProps {
  const base = `${site.baseUrl}/collections/${collectionId}/feed`;
  return { feeds: { atom: `${base}.atom`, json: `${base}.json` }, save: null, csrf: null, next: `/collections/${collectionId}` };
}
