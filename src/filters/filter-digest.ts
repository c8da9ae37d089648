/**
 * A filter's e-mail digest: one subscription per filter, at the owner's verified address,
 * confirmed without a second mail (the address confirmed itself when the account did). The
 * digest job sends it through the same claims as every digest, exactly once per period.
 */
import { Refusal } from '../core/refusal.ts';
import type { Store } from '../db/connect.ts';
import { filterSubscription, subscribeFilter, unsubscribeFilter, verifiedAddressOf } from '../store/filters.ts';
import type { Frequency, Subscription } from '../store/subscriptions.ts';
import { ownFilter } from './filters.ts';

/** What the filter's page and API say about its digest: how often, or null when none is sent. */
export type FilterEmail = Frequency | null;

export const emailOf = (subscription: Subscription | null): FilterEmail =>
  subscription?.status === 'confirmed' ? subscription.frequency : null;

export async function filterEmail(store: Store, filterId: number): Promise<FilterEmail> {
  return emailOf(await filterSubscription(store, filterId));
}

/** Starts, changes (`daily`/`weekly`) or ends (`null`) a member's filter digest. */
export async function setFilterEmail(
  store: Store,
  member: { id: number },
  filterId: number,
  email: FilterEmail,
  now: Date,
): Promise<FilterEmail> {
  const filter = await ownFilter(store, member, filterId);
  if (email === null) {
    await unsubscribeFilter(store, filter.id, now);
    return null;
  }
  const address = await verifiedAddressOf(store, member.id);
  if (!address) throw new Refusal('forbidden', 'confirm your address first: log in once with a link sent to it');
  return emailOf(await subscribeFilter(store, filter, address, email, now));
}
