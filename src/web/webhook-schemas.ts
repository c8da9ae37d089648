/** Shapes of the webhooks API (src/web/routes/webhooks-api.ts), in /openapi.json. */
import { Type } from 'typebox';
import { WEBHOOK_FORMATS, WEBHOOK_FREQUENCIES } from '../webhooks/webhooks.ts';

const nullableText = Type.Union([Type.String(), Type.Null()]);
const nullableInstant = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const FORMAT = Type.Enum(WEBHOOK_FORMATS, {
  type: 'string',
  description:
    'slack: a Slack incoming webhook ({text, blocks}); discord: a Discord webhook ({content, embeds}); ' +
    'json: the document itself ({event, filter, period, total, papers, delivery}), papers as /api/daily_papers items plus url.',
});
const FREQUENCY = Type.Enum(WEBHOOK_FREQUENCIES, {
  type: 'string',
  description: 'daily: each weekday at the digest hour; weekly: once a week on the digest day.',
});

export const Webhook = Type.Object({
  id: Type.Integer(),
  filterId: Type.Integer({ description: 'The saved filter whose papers it posts.' }),
  filterName: Type.Union([Type.String(), Type.Null()], { description: 'Null when the filter no longer exists.' }),
  format: FORMAT,
  frequency: FREQUENCY,
  url: Type.String({ format: 'uri' }),
  active: Type.Boolean({ description: 'False once disabled (by its member, or after failing periods in a row).' }),
  disabledAt: nullableInstant,
  disabledReason: Type.Union([Type.String(), Type.Null()], { description: 'Why it is disabled, in words.' }),
  failedPeriods: Type.Integer({ description: 'Periods in a row whose post failed.' }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const WebhookWithSecret = Type.Object({
  ...Webhook.properties,
  secret: Type.String({
    description:
      'Signs every post: X-Dailypapers-Signature is sha256=<hex HMAC-SHA256 of the raw body with this secret>. ' +
      'Shown only in this answer; rotate it to get a new one.',
  }),
});

export const WebhookBody = Type.Object({
  filterId: Type.Integer({ minimum: 1, description: 'One of your saved filters.' }),
  format: FORMAT,
  url: Type.String({
    maxLength: 2000,
    description: 'http(s); public addresses only unless the hub sets WEBHOOK_ALLOW_PRIVATE=1.',
  }),
  frequency: Type.Optional(FREQUENCY),
});

export const WebhookChangeBody = Type.Object({
  url: Type.Optional(Type.String({ maxLength: 2000 })),
  format: Type.Optional(FORMAT),
  frequency: Type.Optional(FREQUENCY),
  enabled: Type.Optional(
    Type.Boolean({ description: 'true re-enables a disabled webhook (its failure count starts over); false pauses it.' }),
  ),
  rotateSecret: Type.Optional(
    Type.Boolean({ description: 'true: a new secret replaces the old one at once, shown in this answer only.' }),
  ),
});

export const WebhookIdParams = Type.Object({
  id: Type.String({ pattern: '^[0-9]{1,15}$', description: 'The webhook id.', 'x-must-be': 'a webhook id (digits)' }),
});

export const Delivery = Type.Object({
  period: Type.String({ description: '`daily:YYYY-MM-DD`, `weekly:YYYY-Www`, or `test:<instant>:<random>` for a test post.' }),
  status: Type.Enum(['pending', 'delivered', 'failed', 'empty'] as const, {
    type: 'string',
    description: 'pending: to be (re)tried at nextAttemptAt; empty: the filter had nothing new, nothing was posted.',
  }),
  attempts: Type.Integer(),
  nextAttemptAt: nullableInstant,
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()], { description: 'The receiver’s last HTTP status.' }),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'What went wrong last, in words.' }),
  createdAt: Type.String({ format: 'date-time' }),
  deliveredAt: nullableInstant,
});

export const TestOutcome = Type.Object({
  status: Type.Enum(['delivered', 'failed'] as const, { type: 'string' }),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  error: nullableText,
  period: Type.String({ description: 'Its entry in the delivery log.' }),
});
