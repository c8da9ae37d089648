/**
 * The webhook engine on both stores, against real HTTP receivers: each format's body, the
 * signature a receiver verifies with the README's recipe, retries (timeout, 500, 429), what is
 * never retried (redirect, 404, a private address), exactly one post per period with two
 * runners or two runs, "nothing new", and disabling after failed periods.
 */
import { createHmac } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runWebhookPeriod } from '../../src/jobs/webhook-run.ts';
import { signUp } from '../../src/social/accounts.ts';
import { deliveriesOf, insertWebhook, webhookOf } from '../../src/store/webhooks.ts';
import { enqueuePeriod, sendDue, type WebhookDeps } from '../../src/webhooks/delivery.ts';
import { createWebhook, editWebhook, MAX_WEBHOOKS, type NewWebhook } from '../../src/webhooks/webhooks.ts';
import { DIALECTS } from '../support/stores.ts';
import { useTestStore } from '../support/use-test-store.ts';
import { NOW, saveFixtures, testConfig, THREE_DAYS } from '../web/fixtures.ts';
import { type Answer, categorySource, type Receiver, startReceiver, type TestFilter, testWebhookDeps } from './support.ts';

const PERIOD = { frequency: 'daily' as const, key: 'daily:2026-03-02', from: '2026-03-02', to: '2026-03-02' };
const LANGUAGE = 1; // cs.CL: one paper on 2026-03-02
const LEARNING = 2; // cs.LG: two
const BIOLOGY = 3; // q-bio: none
const at = (offsetMs: number) => () => new Date(NOW.getTime() + offsetMs);
const RETRY_WAIT = 60_000;

describe.each(DIALECTS)('webhook delivery on %s', (dialect) => {
  const db = useTestStore(dialect, (store) => saveFixtures(store, THREE_DAYS));
  const filters = new Map<number, TestFilter>();
  let member = { id: 0 };
  const receivers: Receiver[] = [];
  /** The engine as an operator who set WEBHOOK_ALLOW_PRIVATE=1 runs it: the receivers are on 127.0.0.1. */
  let allowed: WebhookDeps;

  beforeAll(async () => {
    member = await signUp(db.store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    filters.set(LANGUAGE, { userId: member.id, name: 'Language <models>', categories: ['cs.CL'] });
    filters.set(LEARNING, { userId: member.id, name: 'Learning', categories: ['cs.LG'] });
    filters.set(BIOLOGY, { userId: member.id, name: 'Biology', categories: ['q-bio'] });
    allowed = testWebhookDeps(db.store, categorySource(db.store, filters), {
      allowPrivate: true,
      policy: { retryBaseMs: RETRY_WAIT },
    });
  });

  afterEach(async () => {
    await db.store.db.deleteFrom('webhooks').execute();
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  const receiver = async (script: Answer[] = []) => {
    const started = await startReceiver(script);
    receivers.push(started);
    return started;
  };
  const hook = (fields: Partial<NewWebhook> & { url: string }, deps = allowed) =>
    createWebhook(deps, member, { filterId: LEARNING, format: 'json', ...fields }, NOW);
  const log = async (id: number) => deliveriesOf(db.store, id, 10);

  it('posts each format, signed so that a receiver can verify it with the README recipe', async () => {
    const slack = await receiver();
    const discord = await receiver();
    const json = await receiver();
    await hook({ url: slack.url, format: 'slack', filterId: LANGUAGE });
    await hook({ url: discord.url, format: 'discord', filterId: LANGUAGE });
    const generic = await hook({ url: json.url, format: 'json' });
    expect(await enqueuePeriod(allowed, PERIOD, NOW)).toEqual({ enqueued: 3, empty: 0, disabled: 0 });
    expect(await sendDue(allowed, { holder: 'a', now: at(0) })).toEqual({ delivered: 3, retrying: 0, failed: 0 });

    expect(JSON.parse(slack.posts[0]!.body)).toEqual({
      text: 'Language &lt;models&gt;: 1 new paper (2026-03-02)',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*<http://papers.test/filters/1|Language &lt;models&gt;>*: 1 new paper (2026-03-02)' },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*<http://papers.test/papers/2603.00010|Sparse Routing for Long Contexts>*\nAna Lima, Kenji Sato, Priya Nair et al. · 42 upvotes',
          },
        },
      ],
    });
    const discordBody = JSON.parse(discord.posts[0]!.body);
    expect(discordBody).toMatchObject({
      content: '**Language <models\\>**: 1 new paper (2026-03-02)',
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: 'Sparse Routing for Long Contexts',
          url: 'http://papers.test/papers/2603.00010',
          footer: { text: 'Ana Lima, Kenji Sato, Priya Nair et al. · 42 upvotes' },
        },
      ],
    });
    expect([...discordBody.embeds[0].description].length).toBeLessThanOrEqual(300);

    const post = json.posts[0]!;
    const body = JSON.parse(post.body);
    expect(body).toMatchObject({
      event: 'papers',
      filter: { id: LEARNING, name: 'Learning', url: 'http://papers.test/filters/2' },
      period: { key: 'daily:2026-03-02', from: '2026-03-02', to: '2026-03-02' },
      total: 2,
      delivery: { id: `${generic.id}:daily:2026-03-02`, attempt: 1, timestamp: NOW.getTime() / 1000 },
    });
    expect(body.papers.map((p: { paper: { id: string }; url: string }) => [p.paper.id, p.url])).toEqual([
      ['2603.00010', 'http://papers.test/papers/2603.00010'],
      ['2603.00011', 'http://papers.test/papers/2603.00011'],
    ]);
    // The HF daily item, as /api/daily_papers answers it.
    expect(body.papers[0]).toMatchObject({
      title: 'Sparse Routing for Long Contexts',
      paper: { upvotes: 42, discussionId: '2603.00010' },
    });
    // The receiver's recipe: HMAC-SHA256 of the raw body with the secret, compared; the signed
    // body's timestamp equals the header's and is recent; the delivery id has not been seen before.
    const expected = `sha256=${createHmac('sha256', generic.secret).update(post.body).digest('hex')}`;
    expect(post.headers['x-dailypapers-signature']).toBe(expected);
    expect(Number(post.headers['x-dailypapers-timestamp'])).toBe(body.delivery.timestamp);
    expect(post.headers['x-dailypapers-delivery']).toBe(body.delivery.id);
    const forged = createHmac('sha256', 'another secret').update(post.body).digest('hex');
    expect(post.headers['x-dailypapers-signature']).not.toBe(`sha256=${forged}`);
  });

  it('retries a receiver that never answers after the timeout, later, and delivers once', async () => {
    const slow = await receiver(['hang']);
    const webhook = await hook({ url: slow.url });
    await enqueuePeriod(allowed, PERIOD, NOW);
    const quick = { ...allowed, policy: { ...allowed.policy, timeoutMs: 300 } };
    expect(await sendDue(quick, { holder: 'a', now: at(0) })).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(await log(webhook.id)).toMatchObject([
      { status: 'pending', attempts: 1, lastError: 'no answer within 0.3 s', lastStatusCode: null },
    ]);
    // Not due yet: nothing is posted.
    expect(await sendDue(quick, { holder: 'a', now: at(RETRY_WAIT - 1) })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(await sendDue(quick, { holder: 'a', now: at(RETRY_WAIT) })).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(slow.posts).toHaveLength(2);
    expect(await log(webhook.id)).toMatchObject([{ status: 'delivered', attempts: 2, lastError: null, lastStatusCode: 200 }]);
  });

  it('retries a 500 and delivers on the retry, exactly once', async () => {
    const flaky = await receiver([{ status: 500, body: 'database down' }]);
    const webhook = await hook({ url: flaky.url });
    await enqueuePeriod(allowed, PERIOD, NOW);
    await sendDue(allowed, { holder: 'a', now: at(0) });
    expect(await log(webhook.id)).toMatchObject([
      {
        status: 'pending',
        attempts: 1,
        lastStatusCode: 500,
        lastError: 'the receiver answered 500 Internal Server Error: database down',
        nextAttemptAt: new Date(NOW.getTime() + RETRY_WAIT).toISOString(),
      },
    ]);
    await sendDue(allowed, { holder: 'a', now: at(RETRY_WAIT) });
    await sendDue(allowed, { holder: 'a', now: at(10 * RETRY_WAIT) });
    expect(flaky.posts).toHaveLength(2);
    expect(JSON.parse(flaky.posts[1]!.body).delivery.attempt).toBe(2);
    expect(await log(webhook.id)).toMatchObject([{ status: 'delivered', attempts: 2, lastStatusCode: 200 }]);
  });

  it('waits as long as a 429 asks (Retry-After), with backoff doubling otherwise', async () => {
    const busy = await receiver([{ status: 429, headers: { 'retry-after': '600' } }, { status: 503 }]);
    const webhook = await hook({ url: busy.url });
    await enqueuePeriod(allowed, PERIOD, NOW);
    await sendDue(allowed, { holder: 'a', now: at(0) });
    expect((await log(webhook.id))[0]!.nextAttemptAt).toBe(new Date(NOW.getTime() + 600_000).toISOString());
    await sendDue(allowed, { holder: 'a', now: at(600_000) });
    // The second retry waits base × 2 (the test's jitter takes the whole interval).
    expect((await log(webhook.id))[0]).toMatchObject({
      attempts: 2,
      lastError: 'the receiver answered 503 Service Unavailable: ok',
      nextAttemptAt: new Date(NOW.getTime() + 600_000 + 2 * RETRY_WAIT).toISOString(),
    });
  });

  it('does not follow a redirect: the attempt fails with the reason, and is not retried', async () => {
    const moved = await receiver([{ status: 301, headers: { location: 'http://169.254.169.254/latest' } }]);
    const webhook = await hook({ url: moved.url });
    await enqueuePeriod(allowed, PERIOD, NOW);
    expect(await sendDue(allowed, { holder: 'a', now: at(0) })).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    await sendDue(allowed, { holder: 'a', now: at(100 * RETRY_WAIT) });
    expect(moved.posts).toHaveLength(1);
    expect(await log(webhook.id)).toMatchObject([
      {
        status: 'failed',
        attempts: 1,
        lastStatusCode: 301,
        lastError:
          'the receiver answered 301, a redirect to http://169.254.169.254/latest; webhooks do not follow redirects: give the final URL',
      },
    ]);
  });

  it('does not retry a refusal (404)', async () => {
    const gone = await receiver([{ status: 404, body: 'no_service' }]);
    const webhook = await hook({ url: gone.url });
    await enqueuePeriod(allowed, PERIOD, NOW);
    await sendDue(allowed, { holder: 'a', now: at(0) });
    expect(await log(webhook.id)).toMatchObject([
      { status: 'failed', lastStatusCode: 404, lastError: 'the receiver refused the post: 404 Not Found: no_service' },
    ]);
  });

  it('refuses private addresses unless the operator allows them (WEBHOOK_ALLOW_PRIVATE)', async () => {
    const local = await receiver();
    const strict = { ...allowed, allowPrivate: false };
    const refusal = (address: string) =>
      `${address} is a loopback, private or reserved address; the hub posts only to public addresses unless its operator sets WEBHOOK_ALLOW_PRIVATE=1`;
    await expect(hook({ url: local.url }, strict)).rejects.toThrow(refusal('127.0.0.1'));
    for (const [url, address] of [
      ['http://10.1.2.3/hook', '10.1.2.3'],
      ['http://169.254.169.254/latest/meta-data', '169.254.169.254'],
      ['http://100.64.0.1/', '100.64.0.1'],
      ['http://0.0.0.0:8080/', '0.0.0.0'],
      ['http://[::1]/', '::1'],
      ['http://[fd00::1]/', 'fd00::1'],
      ['http://[fe80::1]/', 'fe80::1'],
      ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
      ['http://224.0.0.1/', '224.0.0.1'],
    ])
      await expect(hook({ url: url! }, strict)).rejects.toThrow(refusal(address!));
    await expect(hook({ url: 'ftp://example.org/hook' }, strict)).rejects.toThrow(
      'a webhook URL starts with https:// or http://, not ftp://',
    );
    await expect(hook({ url: 'http://localhost:1/hook' }, strict)).rejects.toThrow(
      /^localhost resolves to (127\.0\.0\.1|::1) is a loopback/,
    );

    // Made while the operator allowed it, posted after they stopped: refused at the post, not retried, nothing sent.
    const made = await hook({ url: local.url });
    await enqueuePeriod(strict, PERIOD, NOW);
    expect(await sendDue(strict, { holder: 'a', now: at(0) })).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    expect(local.posts).toHaveLength(0);
    expect(await log(made.id)).toMatchObject([{ status: 'failed', attempts: 1, lastError: refusal('127.0.0.1') }]);

    // Allowed: the same address is posted to.
    const again = await hook({ url: local.url });
    await enqueuePeriod(allowed, PERIOD, NOW);
    await sendDue(allowed, { holder: 'a', now: at(0) });
    expect(local.posts).toHaveLength(1);
    expect(await log(again.id)).toMatchObject([{ status: 'delivered' }]);
  });

  it('posts once per webhook when two runners send at the same moment', async () => {
    const target = await receiver();
    for (const format of ['json', 'slack', 'discord'] as const) await hook({ url: target.url, format });
    const [first, second] = await Promise.all([enqueuePeriod(allowed, PERIOD, NOW), enqueuePeriod(allowed, PERIOD, NOW)]);
    expect(first.enqueued + second.enqueued).toBe(3);
    const reports = await Promise.all([
      sendDue(allowed, { holder: 'runner-1', now: at(0) }),
      sendDue(allowed, { holder: 'runner-2', now: at(0) }),
    ]);
    expect(reports[0]!.delivered + reports[1]!.delivered).toBe(3);
    expect(target.posts).toHaveLength(3);
  });

  it('posts once when the job runs twice in a period, and logs "nothing new" for a filter that matched nothing', async () => {
    const target = await receiver();
    const learning = await hook({ url: target.url });
    const biology = await hook({ url: target.url, filterId: BIOLOGY });
    const config = testConfig();
    const runs = await Promise.all([
      runWebhookPeriod({ webhooks: allowed, config }, { frequency: 'daily', now: NOW, holder: 'one' }),
      runWebhookPeriod({ webhooks: allowed, config }, { frequency: 'daily', now: NOW, holder: 'two' }),
    ]);
    const again = await runWebhookPeriod({ webhooks: allowed, config }, { frequency: 'daily', now: NOW, holder: 'three' });
    expect(runs.map((r) => r.period)).toEqual(['daily:2026-03-02', 'daily:2026-03-02']);
    expect(runs[0]!.enqueued + runs[1]!.enqueued).toBe(1);
    expect(runs[0]!.empty + runs[1]!.empty).toBe(1);
    expect(again).toEqual({
      period: 'daily:2026-03-02',
      enqueued: 0,
      empty: 0,
      disabled: 0,
      delivered: 0,
      retrying: 0,
      failed: 0,
    });
    expect(target.posts).toHaveLength(1);
    expect(JSON.parse(target.posts[0]!.body).papers).toHaveLength(2);
    expect(await log(learning.id)).toMatchObject([{ period: 'daily:2026-03-02', status: 'delivered' }]);
    expect(await log(biology.id)).toMatchObject([{ period: 'daily:2026-03-02', status: 'empty', attempts: 0, payload: null }]);
  });

  it('gives up after the last attempt, and disables a webhook whose periods keep failing, saying why', async () => {
    const down = await receiver(Array.from({ length: 20 }, () => ({ status: 502 })));
    const webhook = await hook({ url: down.url });
    const strictPolicy = { ...allowed, policy: { ...allowed.policy, retryBaseMs: 0, maxAttempts: 3, disableAfterPeriods: 2 } };
    await enqueuePeriod(strictPolicy, PERIOD, NOW);
    expect(await sendDue(strictPolicy, { holder: 'a', now: at(0) })).toEqual({ delivered: 0, retrying: 2, failed: 1 });
    expect(await log(webhook.id)).toMatchObject([
      { status: 'failed', attempts: 3, lastError: 'the receiver answered 502 Bad Gateway: ok (gave up after 3 attempts)' },
    ]);
    expect(await webhookOf(db.store, member.id, webhook.id)).toMatchObject({ failedPeriods: 1, disabledAt: null });
    await enqueuePeriod(strictPolicy, { ...PERIOD, key: 'daily:2026-03-03' }, NOW);
    await sendDue(strictPolicy, { holder: 'a', now: at(0) });
    expect(await webhookOf(db.store, member.id, webhook.id)).toMatchObject({
      failedPeriods: 2,
      disabledAt: NOW.toISOString(),
      disabledReason:
        'disabled after 2 periods in a row failed; the last: the receiver answered 502 Bad Gateway: ok (gave up after 3 attempts)',
    });
    // Disabled: the next period is not enqueued. Re-enabled by its member: the count starts over.
    expect(await enqueuePeriod(strictPolicy, { ...PERIOD, key: 'daily:2026-03-04' }, NOW)).toEqual({
      enqueued: 0,
      empty: 0,
      disabled: 0,
    });
    expect(await editWebhook(allowed, member, webhook.id, { enabled: true }, NOW)).toMatchObject({
      failedPeriods: 0,
      disabledAt: null,
    });
  });

  it('holds the limit of webhooks per member when many are made at once', async () => {
    for (let i = 0; i < MAX_WEBHOOKS - 5; i++)
      await insertWebhook(
        db.store.db,
        { userId: member.id, filterId: LEARNING, format: 'json', frequency: 'daily', url: 'http://127.0.0.1:9/', secret: 's' },
        NOW,
      );
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => hook({ url: 'http://127.0.0.1:9/' })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    expect(new Set(outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as Error).message] : [])))).toStrictEqual(
      new Set([`you have ${MAX_WEBHOOKS} webhooks, the most a member may have: remove one first`]),
    );
    expect(await db.store.db.selectFrom('webhooks').select('id').where('user_id', '=', member.id).execute()).toHaveLength(
      MAX_WEBHOOKS,
    );
  });

  it('disables a webhook whose filter is gone', async () => {
    const webhook = await insertWebhook(
      db.store.db,
      { userId: member.id, filterId: 99, format: 'json', frequency: 'daily', url: 'http://127.0.0.1:9/', secret: 's' },
      NOW,
    );
    expect(await enqueuePeriod(allowed, PERIOD, NOW)).toEqual({ enqueued: 0, empty: 0, disabled: 1 });
    expect(await webhookOf(db.store, member.id, webhook.id)).toMatchObject({
      disabledReason: 'its saved filter (99) no longer exists',
    });
  });
});
