import type { Role } from '../db/schema.ts';

/** Moderators hide papers and comments and pick papers for a day (curation); admins also manage roles. */
export function isModerator(user: { role: Role }): boolean {
  return user.role === 'moderator' || user.role === 'admin';
}

export function isAdmin(user: { role: Role }): boolean {
  return user.role === 'admin';
}
