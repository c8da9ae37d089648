/** Settings → Delete account: what goes, what stays anonymised, and the confirmation. */
import { DELETE_CONFIRMATION } from '../../social/account-deletion.ts';
import { Layout, type Site } from '../views/layout.tsx';

/** The "Your data" part of /settings: the library, the export, account deletion. */
export function YourData() {
  return (
    <>
      <h2>Your data</h2>
      <p>
        <a href="/library">Your library</a> · <a href="/filters">Your filters</a> ·{' '}
        <a href="/settings/taste">What the hub has learned about you</a> ·{' '}
        <a href="/api/me/export" download>
          Download everything (JSON)
        </a>{' '}
        · <a href="/settings/delete">Delete account…</a>
      </p>
    </>
  );
}

export function DeleteAccountPage(props: { site: Site; csrf: string; email: string; error: string | null }) {
  const { site, csrf, email, error } = props;
  return (
    <Layout
      site={site}
      title="Delete your account — Daily Papers"
      head={{ description: 'What deleting your Daily Papers account deletes and what it anonymises.', path: '/settings/delete' }}
      tabs={null}
    >
      <section class="notice account">
        <h1>Delete your account</h1>
        <p>
          Deleting <strong>{email}</strong> cannot be undone. <a href="/api/me/export">Download everything</a> first if you want
          to keep it (<code>dailypapers import-member</code> restores it on another hub).
        </p>
        <h2>Deleted</h2>
        <ul>
          <li>your e-mail address, name, handle and password</li>
          <li>your sessions, API tokens and login links</li>
          <li>your library: saved papers, private notes, read marks and collections (public ones too)</li>
          <li>
            what the hub learned about your taste: “more like this” and “not interested” marks, followed authors and categories
          </li>
          <li>your saved filters, their feeds and webhooks</li>
          <li>your e-mail subscriptions</li>
          <li>your webhooks and their delivery logs</li>
        </ul>
        <h2>Kept, anonymised</h2>
        <ul>
          <li>your comments, shown as by “Deleted member”, so replies to them still make sense</li>
          <li>your upvotes, still counted, tied to no one</li>
          <li>papers you submitted, and moderation log entries, credited to “Deleted member”</li>
        </ul>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <form method="post" action="/settings/delete">
          <input type="hidden" name="_csrf" value={csrf} />
          <label>
            Type “{DELETE_CONFIRMATION}” to confirm <input type="text" name="confirm" required autocomplete="off" />
          </label>
          <button type="submit">Delete my account</button>
        </form>
      </section>
    </Layout>
  );
}
