/** `/filters` (a member's saved filters and the form to make one) and `/filters/{id}` (one filter's papers). */
import type { ListedPaper } from '../../core/paper.ts';
import type { Filter, FilterEmail } from '../../filters/index.ts';
import { plural } from '../views/format.ts';
import { Follow } from '../views/follow.tsx';
import { IndexingNote } from '../views/indexing-note.tsx';
import { Layout, type Site } from '../views/layout.tsx';
import { type CardContext, CardList, PaperCard } from '../views/paper-card.tsx';
import { PageNav, type Paging } from '../views/pager.tsx';

/** The form's fields as the member typed them, kept when the hub refuses them. */
export interface FilterFormValues {
  name: string;
  query: string;
  categories: string;
  hasCode: string;
  minUpvotes: string;
  scope: string;
  public: boolean;
  email: string;
}

export const EMPTY_FORM: FilterFormValues = {
  name: '',
  query: '',
  categories: '',
  hasCode: '',
  minUpvotes: '0',
  scope: 'feed',
  public: false,
  email: '',
};

export interface FilterSummary {
  filter: Filter;
  description: string;
  email: FilterEmail;
  feeds: { atom: string; json: string };
}

function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export function FiltersPage(props: {
  site: Site;
  csrf: string;
  filters: FilterSummary[];
  form: FilterFormValues;
  /** Why the last form was refused, shown above it with what was typed. */
  problem: string | null;
}) {
  const { site, csrf, filters, form, problem } = props;
  return (
    <Layout
      site={site}
      title="Your filters — Daily Papers"
      head={{ description: 'Your saved filters.', path: '/filters' }}
      tabs={null}
    >
      <section class="filters">
        <h1>Your filters</h1>
        <p>
          A filter follows words, authors and categories on the daily feed or in the whole archive, on its own page, in a feed
          reader and by e-mail. <a href="/api/me/feeds.opml">All your feeds as OPML</a> (for a feed reader).
        </p>
        {filters.length === 0 ? (
          <p class="empty">You have no filters yet.</p>
        ) : (
          <ul class="filter-list">
            {filters.map(({ filter, description, email }) => (
              <li>
                <a href={`/filters/${filter.id}`}>{filter.name}</a> — {description}
                {email && ` Mailed ${email}.`}
              </li>
            ))}
          </ul>
        )}
        <h2>New filter</h2>
        <FilterForm action="/filters" csrf={csrf} values={form} problem={problem} submit="Save filter" />
      </section>
    </Layout>
  );
}

export function FilterForm(props: {
  action: string;
  csrf: string;
  values: FilterFormValues;
  problem: string | null;
  submit: string;
}) {
  const { action, csrf, values, problem, submit } = props;
  return (
    <form method="post" action={action} class="filter-form">
      <Csrf token={csrf} />
      {problem && (
        <p class="form-error" role="alert">
          {problem}
        </p>
      )}
      <label>
        Name <input type="text" name="name" required maxLength={100} value={values.name} />
      </label>
      <label>
        Words{' '}
        <input type="text" name="query" value={values.query} placeholder='diffusion "state space" -speech author:"Ana Lima"' />
      </label>
      <label>
        Categories <input type="text" name="categories" value={values.categories} placeholder="cs.CL -cs.SD" />
      </label>
      <label>
        Code{' '}
        <select name="hasCode">
          <option value="" selected={values.hasCode === ''}>
            with or without
          </option>
          <option value="true" selected={values.hasCode === 'true'}>
            with code
          </option>
          <option value="false" selected={values.hasCode === 'false'}>
            without code
          </option>
        </select>
      </label>
      <label>
        At least <input type="text" inputMode="numeric" name="minUpvotes" size={6} value={values.minUpvotes} /> upvotes
      </label>
      <label>
        From{' '}
        <select name="scope">
          <option value="feed" selected={values.scope === 'feed'}>
            the daily feed
          </option>
          <option value="archive" selected={values.scope === 'archive'}>
            the whole archive
          </option>
        </select>
      </label>
      <label>
        E-mail{' '}
        <select name="email">
          <option value="" selected={values.email === ''}>
            none
          </option>
          <option value="daily" selected={values.email === 'daily'}>
            daily
          </option>
          <option value="weekly" selected={values.email === 'weekly'}>
            weekly
          </option>
        </select>
      </label>
      <label>
        <input type="checkbox" name="public" value="true" checked={values.public} /> Public (its page and feeds need no token)
      </label>
      <button type="submit">{submit}</button>
    </form>
  );
}

export function FilterPage(props: {
  site: Site;
  summary: FilterSummary;
  /** The owner's form token; null when someone else reads a public filter. */
  csrf: string | null;
  form: FilterFormValues;
  problem: string | null;
  items: ListedPaper[];
  total: number;
  /** Matched among the newest papers only: the archive is still being indexed. */
  indexing: boolean;
  page: Paging;
  cards: CardContext;
}) {
  const { site, summary, csrf, form, problem, items, total, indexing, page, cards } = props;
  const { filter, description, email, feeds } = summary;
  const path = `/filters/${filter.id}`;
  return (
    <Layout
      site={site}
      title={`${filter.name} — a filter — Daily Papers`}
      head={{ description, path: page.href(page.current) }}
      tabs={null}
      alternate={{ title: filter.name, href: feeds.atom }}
    >
      <div class="feed-head">
        <h1>{filter.name}</h1>
        <p class="count">
          {description} {plural(total, 'paper')}
          {email && ` · mailed to you ${email}`}
        </p>
        <Follow
          feeds={feeds}
          save={null}
          csrf={csrf}
          next={path}
          own={csrf ? { email: '#change', webhooks: `/settings/webhooks?filter=${filter.id}` } : undefined}
        />
        {indexing && <IndexingNote covered="this filter matched" older="Older matches" />}
      </div>
      <PageNav {...page} place="top" />
      {items.length > 0 ? (
        <CardList context={cards}>
          {items.map((item) => (
            <PaperCard item={item} context={cards} />
          ))}
        </CardList>
      ) : (
        <p class="empty">
          Nothing matched yet: no paper {filter.spec.scope === 'feed' ? 'on the daily feed' : 'in the archive'} fits this filter.
          Papers that do will appear here, in its feeds{email ? ' and in its e-mail' : ''} as they arrive.
        </p>
      )}
      <PageNav {...page} place="bottom" />
      {csrf && (
        <section class="filter-settings">
          <h2>Delivery</h2>
          <p>
            <a href={`/settings/webhooks?filter=${filter.id}`}>Webhooks</a> post new papers to Slack, Discord or your own
            endpoint.
          </p>
          <form method="post" action={`${path}/feed-token`}>
            <Csrf token={csrf} />
            <button type="submit">New feed addresses</button> (the current ones stop working)
          </form>
          <h2 id="change">Change this filter</h2>
          <FilterForm action={path} csrf={csrf} values={form} problem={problem} submit="Save changes" />
          <form method="post" action={`${path}/delete`}>
            <Csrf token={csrf} />
            <button type="submit">Delete this filter</button>
          </form>
        </section>
      )}
    </Layout>
  );
}
