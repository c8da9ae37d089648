import { DELIVERY_LOG_DAYS } from '../../webhooks/webhooks.ts';
import type { Delivery, Webhook } from '../../store/webhooks.ts';
import { humanInstant } from '../views/format.ts';
import { Layout, type Site } from '../views/layout.tsx';

export interface WebhookView {
  webhook: Webhook;
  filterName: string | null;
  log: Delivery[];
}

export interface WebhooksPageProps {
  site: Site;
  csrf: string;
  webhooks: WebhookView[];
  filters: { id: number; name: string }[];
  /** The filter the add form starts on (`?filter=`). */
  selectedFilter: number | null;
  /** What the last form did (a test's outcome, a new secret), or what was wrong with it. */
  notice: { kind: 'status' | 'problem'; text: string; secret?: string } | null;
  /** The add form's fields as sent, kept when it was refused. */
  draft: { url: string; format: string; frequency: string };
}

const FORMAT_NAMES = { slack: 'Slack', discord: 'Discord', json: 'JSON (signed)' } as const;

const STATUS_WORDS: Record<Delivery['status'], string> = {
  pending: 'waiting to be retried',
  delivered: 'delivered',
  failed: 'failed',
  empty: 'nothing new: not posted',
};

function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

function DeliveryLog(props: { log: Delivery[] }) {
  if (props.log.length === 0) return <p>Nothing posted yet.</p>;
  return (
    <table class="delivery-log">
      <caption>Recent deliveries (the log keeps {DELIVERY_LOG_DAYS} days)</caption>
      <thead>
        <tr>
          <th scope="col">Period</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
          <th scope="col">Last error</th>
        </tr>
      </thead>
      <tbody>
        {props.log.map((d) => (
          <tr>
            <td>{d.period.startsWith('test:') ? `test, ${humanInstant(d.createdAt)}` : d.period}</td>
            <td>
              {STATUS_WORDS[d.status]}
              {d.status === 'pending' && d.nextAttemptAt ? ` (next ${humanInstant(d.nextAttemptAt)})` : ''}
            </td>
            <td>{d.attempts}</td>
            <td>{d.lastError ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `/settings/webhooks`: the member's webhooks with their logs, and the form that adds one. */
export function WebhooksPage(props: WebhooksPageProps) {
  const { site, csrf, webhooks, filters, selectedFilter, notice, draft } = props;
  return (
    <Layout
      site={site}
      title="Webhooks — Daily Papers"
      head={{ description: 'Your saved filters posted to Slack, Discord or any URL.', path: '/settings/webhooks' }}
      tabs={null}
    >
      <section class="notice account webhooks">
        <h1>Webhooks</h1>
        <p>
          Each period, a saved filter’s new papers are posted once to its webhooks: Slack or Discord incoming webhooks, or signed
          JSON for your own receiver. Failed posts are retried with backoff; see <a href="/settings">Settings</a>.
        </p>
        {notice && (
          <p class={notice.kind === 'problem' ? 'problem' : undefined} role={notice.kind === 'problem' ? 'alert' : 'status'}>
            {notice.text}
            {notice.secret && (
              <>
                {' '}
                Its signing secret, shown only this once: <code class="new-token">{notice.secret}</code>
              </>
            )}
          </p>
        )}
        {webhooks.map(({ webhook, filterName, log }) => (
          <article class="webhook" aria-labelledby={`webhook-${webhook.id}`}>
            <h2 id={`webhook-${webhook.id}`}>
              {filterName ?? `Filter ${webhook.filterId} (deleted)`} → {FORMAT_NAMES[webhook.format]}, {webhook.frequency}
            </h2>
            <p>
              <code>{webhook.url}</code>
            </p>
            {webhook.disabledAt && (
              <p class="problem">
                Disabled {humanInstant(webhook.disabledAt)}: {webhook.disabledReason}
              </p>
            )}
            <DeliveryLog log={log} />
            <form method="post" action={`/settings/webhooks/${webhook.id}/test`}>
              <Csrf token={csrf} />
              <button type="submit">Send a test</button>
            </form>
            {webhook.disabledAt && (
              <form method="post" action={`/settings/webhooks/${webhook.id}/enable`}>
                <Csrf token={csrf} />
                <button type="submit">Enable again</button>
              </form>
            )}
            <form method="post" action={`/settings/webhooks/${webhook.id}/delete`}>
              <Csrf token={csrf} />
              <button type="submit">Delete</button>
            </form>
          </article>
        ))}
        <h2>Add a webhook</h2>
        {filters.length === 0 ? (
          <p>You have no saved filters yet: save a filter first, then post it here.</p>
        ) : (
          <form method="post" action="/settings/webhooks" class="webhook-form">
            <Csrf token={csrf} />
            <label>
              Filter{' '}
              <select name="filterId">
                {filters.map((f) => (
                  <option value={String(f.id)} selected={f.id === selectedFilter}>
                    {f.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Format{' '}
              <select name="format">
                {(Object.keys(FORMAT_NAMES) as (keyof typeof FORMAT_NAMES)[]).map((format) => (
                  <option value={format} selected={format === draft.format}>
                    {FORMAT_NAMES[format]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              How often{' '}
              <select name="frequency">
                <option value="daily" selected={draft.frequency !== 'weekly'}>
                  Daily
                </option>
                <option value="weekly" selected={draft.frequency === 'weekly'}>
                  Weekly
                </option>
              </select>
            </label>
            <label>
              URL{' '}
              <input
                type="url"
                name="url"
                required
                maxlength={2000}
                value={draft.url}
                placeholder="https://hooks.slack.com/services/…"
              />
            </label>
            <button type="submit">Add the webhook</button>
          </form>
        )}
      </section>
    </Layout>
  );
}
