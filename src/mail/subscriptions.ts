import type { Config } from '../config/config.ts';
import { isArxivCategory } from '../core/categories.ts';
import type { Store } from '../db/connect.ts';
import { SearchQueryError, validateSearchQuery } from '../core/search-query.ts';
import {
  claimConfirmationMail,
  confirmSubscription,
  endSubscription,
  type Frequency,
  getSubscription,
  type LinkOutcome,
  requestSubscription,
  type SubscribeOutcome,
  type Subscription,
  type SubscriptionRequest,
  updatePreferences,
} from '../store/subscriptions.ts';
import { normaliseAddress } from '../core/email-address.ts';
import { buildConfirmationMessage } from './confirmation-message.ts';
import { confirmUrl } from './links.ts';
import type { Mailer } from './transport.ts';
import { type TokenPurpose, verifyToken } from './tokens.ts';

export interface SubscriptionDeps {
  store: Store;
  mailer: Mailer;
  config: Pick<Config, 'baseUrl' | 'secret'>;
}

/** One confirmation mail per address in this interval, however often the form is sent. */
export const CONFIRMATION_INTERVAL_MS = 15 * 60 * 1000;
const FREQUENCIES: Frequency[] = ['daily', 'weekly'];
export const MAX_CATEGORIES = 20;

export type Invalid = { ok: false; field: string; reason: string };

/** Checks what a form or an API client sent; the reasons are written for the person who sent it. */
export function parseSubscriptionRequest(
  body: Record<string, unknown>,
  userId: number | null = null,
): { ok: true; request: SubscriptionRequest } | Invalid {
  const address =
    typeof body.email === 'string' ? normaliseAddress(body.email) : { ok: false as const, reason: 'enter an e-mail address' };
  if (!address.ok) return { ok: false, field: 'email', reason: address.reason };
  const frequency = body.frequency ?? 'daily';
  if (!FREQUENCIES.includes(frequency as Frequency))
    return { ok: false, field: 'frequency', reason: 'frequency is "daily" or "weekly"' };
  const categories = body.categories ?? [];
  if (
    !Array.isArray(categories) ||
    categories.length > MAX_CATEGORIES ||
    !categories.every((c) => typeof c === 'string' && isArxivCategory(c))
  ) {
    return {
      ok: false,
      field: 'categories',
      reason: `categories is a list of at most ${MAX_CATEGORIES} arXiv categories such as "cs.CL"`,
    };
  }
  const query = body.query === undefined || body.query === null || body.query === '' ? null : body.query;
  if (query !== null) {
    try {
      validateSearchQuery({ q: query as string, limit: 1 });
    } catch (error) {
      if (error instanceof SearchQueryError) return { ok: false, field: 'query', reason: error.message.replace(/^q /, 'query ') };
      throw error;
    }
  }
  return {
    ok: true,
    request: {
      email: address.address,
      frequency: frequency as Frequency,
      categories: [...new Set(categories as string[])],
      query: query as string | null,
      userId,
    },
  };
}

/**
 * Records the request and mails a confirmation link (double opt-in). The answer is the same
 * whether or not the address was known, so the form reveals nobody's subscription.
 */
export async function subscribe(
  deps: SubscriptionDeps,
  request: SubscriptionRequest,
  now = new Date(),
): Promise<{ outcome: SubscribeOutcome; confirmationSent: boolean }> {
  const { subscription, outcome } = await requestSubscription(deps.store, request, now);
  if (outcome === 'already-confirmed') return { outcome, confirmationSent: false };
  if (!(await claimConfirmationMail(deps.store, subscription.id, CONFIRMATION_INTERVAL_MS, now)))
    return { outcome, confirmationSent: false };
  const url = confirmUrl(deps.config.baseUrl, deps.config.secret, subscription, now.getTime());
  await deps.mailer.send(
    buildConfirmationMessage(subscription.email, {
      confirmUrl: url,
      frequency: subscription.frequency,
      baseUrl: deps.config.baseUrl,
    }),
  );
  return { outcome, confirmationSent: true };
}

/** What following a link did; every case but `done` leaves the subscription as it was. */
export type LinkResult = { outcome: LinkOutcome | 'forged' | 'expired'; subscription: Subscription | null };

export function confirmByToken(deps: Omit<SubscriptionDeps, 'mailer'>, token: string, now = new Date()): Promise<LinkResult> {
  return followLink(deps, token, 'confirm', now, (s) => confirmSubscription(deps.store, s.id, s.nonce, now));
}

export function unsubscribeByToken(deps: Omit<SubscriptionDeps, 'mailer'>, token: string, now = new Date()): Promise<LinkResult> {
  return followLink(deps, token, 'manage', now, (s) => endSubscription(deps.store, s.id, s.nonce, now));
}

/** Changes frequency and categories through a manage link: `done`, or `already` when the subscription has ended. */
export function changePreferencesByToken(
  deps: Omit<SubscriptionDeps, 'mailer'>,
  token: string,
  preferences: Pick<SubscriptionRequest, 'frequency' | 'categories'>,
  now = new Date(),
): Promise<LinkResult> {
  return followLink(deps, token, 'manage', now, async (s) =>
    (await updatePreferences(deps.store, s.id, s.nonce, preferences, now)) ? 'done' : 'already',
  );
}

/** The subscription a manage link points to, when the link is valid and current. */
export async function subscriptionOfToken(
  deps: Omit<SubscriptionDeps, 'mailer'>,
  token: string,
  now = new Date(),
): Promise<LinkResult> {
  return followLink(deps, token, 'manage', now, async () => 'already');
}

/** The subscription a confirmation link points to, when the link is valid and current; confirms nothing. */
export function subscriptionToConfirm(
  deps: Omit<SubscriptionDeps, 'mailer'>,
  token: string,
  now = new Date(),
): Promise<LinkResult> {
  return followLink(deps, token, 'confirm', now, async () => 'already');
}

async function followLink(
  deps: Omit<SubscriptionDeps, 'mailer'>,
  token: string,
  purpose: TokenPurpose,
  now: Date,
  act: (target: { id: number; nonce: string }) => Promise<LinkOutcome>,
): Promise<LinkResult> {
  const check = verifyToken(deps.config.secret, token, purpose, now.getTime());
  if (!check.ok) return { outcome: check.reason === 'expired' ? 'expired' : 'forged', subscription: null };
  const target = { id: check.claims.subscriptionId, nonce: check.claims.nonce };
  // A well-signed link to a subscription that has since been renewed (or deleted) is retired.
  const current = await getSubscription(deps.store, target.id);
  if (current?.nonce !== target.nonce) return { outcome: 'stale', subscription: null };
  const outcome = await act(target);
  return { outcome, subscription: outcome === 'stale' ? null : await getSubscription(deps.store, target.id) };
}
