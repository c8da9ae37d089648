import { YourData } from './account-data-pages.tsx';
import type { ApiToken, User } from '../../store/accounts.ts';
import { humanInstant } from '../views/format.ts';
import { Layout, type Site } from '../views/layout.tsx';

const LOGIN_HEAD = { description: 'Log in to Daily Papers to upvote, comment on and submit papers.', path: '/login' };

function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** Where to go back to once logged in (a path on this site), carried through the login forms. */
function Next(props: { path: string | null }) {
  return props.path ? <input type="hidden" name="next" value={props.path} /> : null;
}

function Problem(props: { message: string | null }) {
  return props.message ? (
    <p class="problem" role="alert">
      {props.message}
    </p>
  ) : null;
}

export function LoginPage(props: {
  site: Site;
  csrf: string;
  error: string | null;
  email: string;
  notice: string | null;
  /** Where to go back to once logged in. */
  next: string | null;
}) {
  const { site, csrf, error, email, notice, next } = props;
  return (
    <Layout site={site} title="Log in — Daily Papers" head={LOGIN_HEAD} tabs={null}>
      <section class="notice account">
        <h1>Log in</h1>
        <Problem message={error} />
        {notice && <p role="status">{notice}</p>}
        <form method="post" action="/login">
          <Csrf token={csrf} />
          <Next path={next} />
          <label>
            E-mail <input type="email" name="email" value={email} required autocomplete="username" />
          </label>
          <label>
            Password <input type="password" name="password" required autocomplete="current-password" />
          </label>
          <button type="submit">Log in</button>
        </form>
        <h2>Or get a login link by e-mail</h2>
        <form method="post" action="/login/link">
          <Csrf token={csrf} />
          <Next path={next} />
          <label>
            E-mail <input type="email" name="email" value={email} required />
          </label>
          <button type="submit">Send me a link</button>
        </form>
        <p>
          New here? <a href="/signup">Create an account</a>.
        </p>
      </section>
    </Layout>
  );
}

export function SignupPage(props: { site: Site; csrf: string; error: string | null; email: string; name: string }) {
  const { site, csrf, error, email, name } = props;
  return (
    <Layout
      site={site}
      title="Sign up — Daily Papers"
      head={{ description: 'Create a Daily Papers account to upvote, comment on and submit papers.', path: '/signup' }}
      tabs={null}
    >
      <section class="notice account">
        <h1>Create an account</h1>
        <Problem message={error} />
        <form method="post" action="/signup">
          <Csrf token={csrf} />
          <label>
            Display name <input type="text" name="name" value={name} maxlength={80} />
          </label>
          <label>
            E-mail <input type="email" name="email" value={email} required autocomplete="username" />
          </label>
          <label>
            Password (at least 8 characters){' '}
            <input type="password" name="password" required minlength={8} autocomplete="new-password" />
          </label>
          <button type="submit">Sign up</button>
        </form>
      </section>
    </Layout>
  );
}

/** The e-mailed link opens this page; logging in takes a click, so mail scanners that fetch links do not use it up. */
export function LinkLoginPage(props: { site: Site; csrf: string; token: string; next: string | null }) {
  return (
    <Layout site={props.site} title="Log in — Daily Papers" head={{ ...LOGIN_HEAD, path: null }} tabs={null}>
      <section class="notice account">
        <h1>Log in</h1>
        <form method="post" action="/login/link/use">
          <Csrf token={props.csrf} />
          <input type="hidden" name="token" value={props.token} />
          <Next path={props.next} />
          <button type="submit">Log in to Daily Papers</button>
        </form>
      </section>
    </Layout>
  );
}

export function SettingsPage(props: { site: Site; csrf: string; viewer: User; tokens: ApiToken[]; newToken: string | null }) {
  const { site, csrf, viewer, tokens, newToken } = props;
  return (
    <Layout
      site={site}
      title="Settings — Daily Papers"
      head={{ description: 'Your Daily Papers account and API tokens.', path: '/settings' }}
      tabs={null}
    >
      <section class="notice account">
        <h1>Settings</h1>
        <p>
          Logged in as <strong>{viewer.displayName}</strong> (@{viewer.handle}, {viewer.email}, {viewer.role}).
        </p>
        <form method="post" action="/logout">
          <Csrf token={csrf} />
          <button type="submit">Log out</button>
        </form>
        <h2>API tokens</h2>
        <p>
          Send a token as <code>Authorization: Bearer &lt;token&gt;</code> to upvote, comment and submit through the API.
        </p>
        {newToken && (
          <p role="status">
            Your new token, shown only this once: <code class="new-token">{newToken}</code>
          </p>
        )}
        {tokens.length > 0 && (
          <ul class="tokens">
            {tokens.map((token) => (
              <li>
                {token.name} · created {humanInstant(token.createdAt)} ·{' '}
                {token.lastUsedAt ? `last used ${humanInstant(token.lastUsedAt)}` : 'never used'}
                <form method="post" action="/settings/tokens/delete">
                  <Csrf token={csrf} />
                  <input type="hidden" name="tokenId" value={String(token.id)} />
                  <button type="submit">Revoke</button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <form method="post" action="/settings/tokens">
          <Csrf token={csrf} />
          <label>
            Token name <input type="text" name="name" maxlength={80} placeholder="laptop" />
          </label>
          <button type="submit">Create a token</button>
        </form>
        <h2>Webhooks</h2>
        <p>
          <a href="/settings/webhooks">Post your saved filters to Slack, Discord or any URL</a>
        </p>
        <YourData />
      </section>
    </Layout>
  );
}
