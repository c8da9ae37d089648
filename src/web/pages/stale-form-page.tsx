import { MessagePage } from '../views/message-page.tsx';
import type { Site } from '../views/layout.tsx';

/** A form's fields as the server received them (a repeated field holds several values). */
export type SubmittedFields = Record<string, string | string[]>;

/** Fields a person types, shown again to be checked; every other field goes back as it came. */
const TYPED: Record<string, string> = {
  text: 'Your text',
  email: 'E-mail',
  name: 'Name',
  reason: 'Reason',
  arxivId: 'arXiv id or URL',
};

/** Never written into a page: a password is typed again. */
const SECRET = /password/i;

/**
 * 403 after a form whose anti-forgery token no longer matched (the page was open for long, the
 * browser dropped its cookies, or the member logged in elsewhere). Nothing was done; the form
 * comes back with what the person typed and a fresh token, so one more click sends it.
 */
export function StaleFormPage(props: { site: Site; action: string; csrf: string; fields: SubmittedFields }) {
  const { site, action, csrf, fields } = props;
  const entries = Object.entries(fields).filter(([name]) => name !== '_csrf');
  return (
    <MessagePage site={site} title="Please send that again">
      <p>
        This form was opened too long ago, or your browser no longer has the cookie that shows it came from you, so nothing was
        done. What you typed is below: check it and send it again.
      </p>
      <form method="post" action={action} class="stale-form">
        <input type="hidden" name="_csrf" value={csrf} />
        {entries.map(([name, value]) => (
          <Field name={name} values={Array.isArray(value) ? value : [value]} />
        ))}
        <button type="submit">Send again</button>
      </form>
    </MessagePage>
  );
}

function Field(props: { name: string; values: string[] }) {
  const { name, values } = props;
  if (SECRET.test(name)) {
    return (
      <label>
        Password (type it again) <input type="password" name={name} required />
      </label>
    );
  }
  const label = TYPED[name];
  if (label === undefined || values.length !== 1) {
    return (
      <>
        {values.map((value) => (
          <input type="hidden" name={name} value={value} />
        ))}
      </>
    );
  }
  const value = values[0]!;
  return (
    <label>
      {label}
      {name === 'text' || value.includes('\n') ? (
        <textarea name={name} rows={6}>
          {value}
        </textarea>
      ) : (
        <input type={name === 'email' ? 'email' : 'text'} name={name} value={value} />
      )}
    </label>
  );
}
