/** A member deletes their account (Settings → Delete account): the rule, then the store's one transaction. */
import type { Store } from '../db/connect.ts';
import { anonymiseAccount } from '../store/account-deletion.ts';
import { lockAdmins, type User } from '../store/accounts.ts';
import { Refusal } from './errors.ts';

/** What the member types to confirm: deleting cannot be undone. */
export const DELETE_CONFIRMATION = 'delete my account';

export async function deleteAccount(store: Store, member: User, confirmation: string): Promise<void> {
  if (confirmation.trim().toLowerCase() !== DELETE_CONFIRMATION)
    throw new Refusal('invalid', `type “${DELETE_CONFIRMATION}” to confirm; nothing was deleted`);
  await store.db.transaction().execute(async (trx) => {
    if (member.role === 'admin') {
      const admins = await lockAdmins(store, trx);
      if (admins.length === 1 && admins[0] === member.id)
        throw new Refusal('forbidden', 'you are the only admin: make another member admin first; nothing was deleted');
    }
    await anonymiseAccount(trx, member);
  });
}
