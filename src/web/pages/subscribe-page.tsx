import type { Site } from '../views/layout.tsx';
import { MessagePage } from '../views/message-page.tsx';

/** What the subscribe form shows: blank, refilled after an error, or a subscription being managed. */
export interface SubscribeForm {
  email: string;
  frequency: 'daily' | 'weekly';
  /** Comma-separated, as typed. */
  categories: string;
  error: string | null;
}

export const EMPTY_FORM: SubscribeForm = { email: '', frequency: 'daily', categories: '', error: null };

/** `/subscribe`: an address, daily or weekly, and optionally categories. */
export function SubscribePage(props: { site: Site; form: SubscribeForm; csrf: string }) {
  const { form } = props;
  return (
    <MessagePage
      site={props.site}
      title="Get trending papers in your email inbox"
      head={{ description: 'A short e-mail digest of the most upvoted papers, daily or weekly.', path: '/subscribe' }}
    >
      <p>A short digest of the most upvoted papers, daily (on weekdays) or weekly. We mail you a link to confirm first.</p>
      {form.error && (
        <p class="form-error" role="alert">
          {form.error}
        </p>
      )}
      <form method="post" action="/subscribe" class="subscribe-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <label>
          E-mail address <input type="email" name="email" required maxLength={254} value={form.email} autocomplete="email" />
        </label>
        <Preferences form={form} />
        <button class="button" type="submit">
          Subscribe
        </button>
      </form>
    </MessagePage>
  );
}

/** `/subscribe?token=…` from a digest: change what arrives, or stop it. */
export function ManageSubscriptionPage(props: { site: Site; token: string; email: string; form: SubscribeForm; saved: boolean }) {
  const query = `?token=${encodeURIComponent(props.token)}`;
  return (
    <MessagePage site={props.site} title="Your subscription">
      <p>
        Digests go to <strong>{props.email}</strong>.
      </p>
      {props.saved && <p role="status">Saved.</p>}
      {props.form.error && (
        <p class="form-error" role="alert">
          {props.form.error}
        </p>
      )}
      <form method="post" action={`/subscribe/manage${query}`} class="subscribe-form">
        <Preferences form={props.form} />
        <button class="button" type="submit">
          Save
        </button>
      </form>
      <form method="post" action={`/unsubscribe${query}`}>
        <button class="button" type="submit">
          Unsubscribe
        </button>
      </form>
    </MessagePage>
  );
}

function Preferences({ form }: { form: SubscribeForm }) {
  return (
    <>
      <fieldset>
        <legend>How often</legend>
        <label>
          <input type="radio" name="frequency" value="daily" checked={form.frequency === 'daily'} /> Daily, on weekdays
        </label>
        <label>
          <input type="radio" name="frequency" value="weekly" checked={form.frequency === 'weekly'} /> Weekly
        </label>
      </fieldset>
      <label>
        Categories (optional, comma-separated, e.g. cs.CL, cs.LG)
        <input type="text" name="categories" value={form.categories} maxLength={400} />
      </label>
    </>
  );
}

/**
 * `/confirm?token=…` from the confirmation mail: one button, because only the POST confirms.
 * Mail scanners and link previews fetch links; they do not press buttons.
 */
export function ConfirmPage(props: { site: Site; token: string; email: string; frequency: string }) {
  return (
    <MessagePage site={props.site} title="Confirm your subscription">
      <p>
        Send the {props.frequency} digest to <strong>{props.email}</strong>?
      </p>
      <form method="post" action={`/confirm?token=${encodeURIComponent(props.token)}`}>
        <button class="button" type="submit">
          Confirm subscription
        </button>
      </form>
    </MessagePage>
  );
}

/** `/unsubscribe?token=…` for a person: one button, nothing else to fill in. */
export function UnsubscribePage(props: { site: Site; token: string; email: string }) {
  return (
    <MessagePage site={props.site} title="Unsubscribe">
      <p>
        Stop sending digests to <strong>{props.email}</strong>?
      </p>
      <form method="post" action={`/unsubscribe?token=${encodeURIComponent(props.token)}`}>
        <button class="button" type="submit">
          Unsubscribe
        </button>
      </form>
    </MessagePage>
  );
}
