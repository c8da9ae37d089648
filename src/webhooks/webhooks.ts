/**
 * A member's webhooks: made for one of their saved filters, to a URL the guard accepts, with a
 * secret shown once; changed, re-enabled, given a new secret, removed. Everything answers only
 * its member: another member's webhook is "not found", as one that does not exist.
 */
import { Refusal } from '../core/refusal.ts';
import type { Store } from '../db/connect.ts';
import { lockMember } from '../store/accounts.ts';
import {
  countWebhooks,
  deleteFinishedDeliveries,
  deleteWebhook,
  insertWebhook,
  updateWebhook,
  type Webhook,
  type WebhookFormat,
  type WebhookFrequency,
  webhookOf,
} from '../store/webhooks.ts';
import { resolveWebhookHost, webhookUrl } from './address-guard.ts';
import type { WebhookDeps } from './delivery.ts';
import { newWebhookSecret } from './signature.ts';

export const WEBHOOK_FORMATS: readonly WebhookFormat[] = ['slack', 'discord', 'json'];
export const WEBHOOK_FREQUENCIES: readonly WebhookFrequency[] = ['daily', 'weekly'];
/** Webhooks one member may have: enough for every channel of every filter they read. */
export const MAX_WEBHOOKS = 50;

/** How long a webhook's delivery log remembers a finished delivery; only the current period is ever owed again. */
export const DELIVERY_LOG_DAYS = 90;

type Member = { id: number };

export interface NewWebhook {
  filterId: number;
  format: WebhookFormat;
  url: string;
  frequency?: WebhookFrequency;
}

/** The webhook's URL, if the hub may post to it: a refused or unresolvable address is refused now, not at the first post. */
async function acceptedUrl(deps: WebhookDeps, text: string): Promise<string> {
  const url = webhookUrl(text);
  try {
    await resolveWebhookHost(url, deps.allowPrivate);
  } catch (error) {
    if (error instanceof Refusal) throw new Refusal('invalid', error.message);
    throw error;
  }
  return url.href;
}

async function ownFilter(deps: WebhookDeps, member: Member, filterId: number): Promise<void> {
  if (!(await deps.source.describe(member.id, filterId)))
    throw new Refusal('invalid', `you have no saved filter ${filterId}: make one first, then add its webhook`);
}

export async function createWebhook(deps: WebhookDeps, member: Member, fields: NewWebhook, now: Date): Promise<Webhook> {
  await ownFilter(deps, member, fields.filterId);
  const url = await acceptedUrl(deps, fields.url);
  return deps.store.db.transaction().execute(async (trx) => {
    await lockMember(deps.store, trx, member.id);
    if ((await countWebhooks(trx, member.id)) >= MAX_WEBHOOKS)
      throw new Refusal('invalid', `you have ${MAX_WEBHOOKS} webhooks, the most a member may have: remove one first`);
    const webhook = {
      userId: member.id,
      filterId: fields.filterId,
      format: fields.format,
      frequency: fields.frequency ?? 'daily',
      url,
      secret: newWebhookSecret(),
    };
    return insertWebhook(trx, webhook, now);
  });
}

/** The member's webhook, or a not-found refusal (for another member's too). */
export async function ownWebhook(deps: WebhookDeps, member: Member, id: number): Promise<Webhook> {
  const webhook = await webhookOf(deps.store, member.id, id);
  if (!webhook) throw new Refusal('not-found', `No webhook ${id} of yours`);
  return webhook;
}

export interface WebhookEdit {
  url?: string;
  format?: WebhookFormat;
  frequency?: WebhookFrequency;
  /** true: active again (after being disabled); false: paused. */
  enabled?: boolean;
  /** true: a new secret replaces the old one at once; the answer shows it once. */
  rotateSecret?: boolean;
}

export async function editWebhook(deps: WebhookDeps, member: Member, id: number, edit: WebhookEdit, now: Date): Promise<Webhook> {
  await ownWebhook(deps, member, id);
  const changed = await updateWebhook(deps.store, member.id, id, {
    url: edit.url === undefined ? undefined : await acceptedUrl(deps, edit.url),
    format: edit.format,
    frequency: edit.frequency,
    secret: edit.rotateSecret ? newWebhookSecret() : undefined,
    enabled: edit.enabled === undefined ? undefined : { value: edit.enabled, at: now, reason: 'paused by its member' },
  });
  if (!changed) throw new Refusal('not-found', `No webhook ${id} of yours`);
  return changed;
}

export async function removeWebhook(deps: WebhookDeps, member: Member, id: number): Promise<void> {
  if (!(await deleteWebhook(deps.store, member.id, id))) throw new Refusal('not-found', `No webhook ${id} of yours`);
}

/** Forgets finished deliveries older than the log keeps, so the log does not grow forever. */
export function purgeDeliveryLog(store: Store, now: Date): Promise<number> {
  return deleteFinishedDeliveries(store, new Date(now.getTime() - DELIVERY_LOG_DAYS * 86_400_000));
}
