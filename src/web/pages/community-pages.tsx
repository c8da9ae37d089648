import { paperPath } from '../../feeds/links.ts';
import type { ModerationEntry } from '../../store/moderation.ts';
import type { User } from '../../store/accounts.ts';
import { humanInstant } from '../views/format.ts';
import { Layout, type Site } from '../views/layout.tsx';

export function SubmitPage(props: { site: Site; csrf: string | null; error: string | null; input: string; maxAgeDays: number }) {
  const { site, csrf, error, input, maxAgeDays } = props;
  return (
    <Layout
      site={site}
      title="Submit a paper — Daily Papers"
      head={{ description: 'Put a recent arXiv paper on today’s feed by its id or URL.', path: '/papers/submit' }}
      tabs={null}
    >
      <section class="notice">
        <h1>Submit a paper</h1>
        <p>Put a paper from the last {maxAgeDays} days on today’s feed: paste its arXiv id or URL.</p>
        {error && (
          <p class="problem" role="alert">
            {error}
          </p>
        )}
        {csrf ? (
          <form method="post" action="/papers/submit">
            <input type="hidden" name="_csrf" value={csrf} />
            <label>
              arXiv id or URL <input type="text" name="arxivId" value={input} required placeholder="2401.12345" />
            </label>
            <button type="submit">Submit</button>
          </form>
        ) : (
          <p>
            <a href="/login">Log in</a> to submit papers.
          </p>
        )}
      </section>
    </Layout>
  );
}

const ACTION_NAMES: Record<ModerationEntry['action'], string> = {
  'hide-paper': 'hid paper',
  'unhide-paper': 'unhid paper',
  'hide-comment': 'hid comment',
  'unhide-comment': 'unhid comment',
  'pick-paper': 'picked for the feed',
  'set-role': 'changed the role of',
};

/** `/moderation`: the public, append-only log, and the moderators' forms. */
export function ModerationPage(props: {
  site: Site;
  entries: ModerationEntry[];
  viewer: User | null;
  csrf: string | null;
  olderHref: string | null;
}) {
  const { site, entries, viewer, csrf, olderHref } = props;
  const moderator = viewer !== null && (viewer.role === 'moderator' || viewer.role === 'admin');
  return (
    <Layout
      site={site}
      title="Moderation log — Daily Papers"
      head={{ description: 'Every action moderators take on Daily Papers, with their reason.', path: '/moderation' }}
      tabs={null}
    >
      <section class="notice moderation">
        <h1>Moderation log</h1>
        <p>Every action moderators and admins take, with their reason. Entries are never changed or removed.</p>
        {entries.length === 0 ? (
          <p class="empty">Nothing yet.</p>
        ) : (
          <ol class="moderation-log">
            {entries.map((entry) => (
              <li>
                <time datetime={entry.createdAt}>{humanInstant(entry.createdAt)}</time> ·{' '}
                {entry.actor ? `@${entry.actor.handle}` : 'system'} {ACTION_NAMES[entry.action]} <Subject entry={entry} />:{' '}
                <q>{entry.reason}</q>
              </li>
            ))}
          </ol>
        )}
        {olderHref && <a href={olderHref}>Older entries</a>}
        {csrf && moderator && <ModeratorForms csrf={csrf} admin={viewer!.role === 'admin'} />}
      </section>
    </Layout>
  );
}

function Subject(props: { entry: ModerationEntry }) {
  const { subjectKind, subjectId } = props.entry;
  if (subjectKind === 'paper') return <a href={paperPath(subjectId)}>{subjectId}</a>;
  if (subjectKind === 'comment') {
    const [paperId, commentId] = subjectId.split('#');
    return <a href={`${paperPath(paperId!)}#comment-${commentId}`}>{subjectId}</a>;
  }
  if (subjectKind === 'feed') {
    const [day, paperId] = [subjectId.slice(0, 10), subjectId.slice(11)];
    return (
      <>
        <a href={paperPath(paperId)}>{paperId}</a> on <a href={`/papers/date/${day}`}>{day}</a>
      </>
    );
  }
  return <>@{subjectId}</>;
}

function ModeratorForms(props: { csrf: string; admin: boolean }) {
  const csrf = <input type="hidden" name="_csrf" value={props.csrf} />;
  return (
    <>
      <h2>Hide or unhide a paper</h2>
      <form method="post" action="/moderation/paper">
        {csrf}
        <input type="text" name="paperId" required placeholder="arXiv id" />
        <select name="hidden">
          <option value="true">Hide</option>
          <option value="false">Unhide</option>
        </select>
        <input type="text" name="reason" required placeholder="Reason (public)" />
        <button type="submit">Apply</button>
      </form>
      <h2>Pick a paper for a day</h2>
      <form method="post" action="/moderation/pick">
        {csrf}
        <input type="text" name="paperId" required placeholder="arXiv id" />
        <input type="date" name="day" required />
        <input type="text" name="reason" required placeholder="Reason (public)" />
        <button type="submit">Pick</button>
      </form>
      {props.admin && (
        <>
          <h2>Change a member’s role</h2>
          <form method="post" action="/moderation/role">
            {csrf}
            <input type="email" name="email" required placeholder="their e-mail" />
            <select name="role">
              <option value="member">member</option>
              <option value="moderator">moderator</option>
              <option value="admin">admin</option>
            </select>
            <input type="text" name="reason" required placeholder="Reason (public)" />
            <button type="submit">Change</button>
          </form>
        </>
      )}
    </>
  );
}
