/**
 * An account's end, in one transaction: what is the member's alone is deleted (sign-ins,
 * tokens, library, notes, collections, taste marks and follows, saved filters, subscriptions, webhooks); what others'
 * threads and counts rest on
 * (comments, votes, moderation entries) stays, credited to an anonymous "Deleted member".
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export const DELETED_MEMBER_NAME = 'Deleted member';

export async function anonymiseAccount(trx: Kysely<Database>, user: { id: number; email: string }): Promise<void> {
  await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
  await trx.deleteFrom('api_tokens').where('user_id', '=', user.id).execute();
  await trx.deleteFrom('login_links').where('user_id', '=', user.id).execute();
  await trx.deleteFrom('login_failures').where('key', '=', `account:${user.email}`).execute();
  await trx.deleteFrom('collections').where('user_id', '=', user.id).execute();
  await trx.deleteFrom('library_items').where('user_id', '=', user.id).execute();
  await trx.deleteFrom('paper_feedback').where('user_id', '=', user.id).execute();
  await trx.deleteFrom('follows').where('user_id', '=', user.id).execute();
  await trx.deleteFrom('saved_filters').where('user_id', '=', user.id).execute();
  // Their delivery logs go with them (cascade).
  await trx.deleteFrom('webhooks').where('user_id', '=', user.id).execute();
  await trx
    .deleteFrom('subscriptions')
    .where((eb) => eb.or([eb('user_id', '=', user.id), eb('email', '=', user.email)]))
    .execute();
  await trx
    .updateTable('users')
    .set({
      email: `deleted-${user.id}@deleted.invalid`,
      handle: `deleted-${user.id}`,
      display_name: DELETED_MEMBER_NAME,
      password_hash: null,
      role: 'member',
    })
    .where('id', '=', user.id)
    .execute();
}
