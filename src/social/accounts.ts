import { type PurgeCounts, purgeExpired } from '../store/purge.ts';
import { randomBytes } from 'node:crypto';
import { normaliseAddress } from '../core/email-address.ts';
import type { Store } from '../db/connect.ts';
import type { Role } from '../db/schema.ts';
import {
  type ApiToken,
  clearLoginFailures,
  consumeLoginLink,
  credentialsByEmail,
  deleteApiToken,
  deleteSession,
  insertApiToken,
  insertLoginLinkUnlessMany,
  insertSession,
  insertUserUnlessTaken,
  markEmailVerified,
  markApiTokenUsed,
  forgetLoginAttempt,
  recentLoginFailures,
  recordLoginAttempt,
  takenHandles,
  type User,
  userByApiToken,
  userByEmail,
  userById,
  userBySession,
} from '../store/accounts.ts';
import { Refusal } from './errors.ts';
import { hashPassword, hashSecret, newSecret, passwordMatches } from './secrets.ts';

export const ROLES: readonly Role[] = ['admin', 'moderator', 'member'];
export const SESSION_TTL_MS = 30 * 24 * 3_600_000;
export const LOGIN_LINK_TTL_MS = 15 * 60_000;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;
export const MAX_LOGIN_FAILURES = 10;
/** Unused login links an account may have at once: at most this many login mails per address per 15 minutes. */
export const MAX_OPEN_LOGIN_LINKS = 3;
export const API_TOKEN_PREFIX = 'dp_';

const MIN_PASSWORD = 8;
const MAX_PASSWORD = 1024;
const MAX_DISPLAY_NAME = 80;
// Control characters would let a display name break lines in logs and mails.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

export interface SignUp {
  email: string;
  /** Null for an account that logs in by e-mailed link only. */
  password: string | null;
  displayName?: string | null;
  role?: Role;
  /**
   * False for a self-service signup: its password logs in only once the address has proved
   * itself by an e-mailed link. Accounts the operator makes (`user create`) are trusted.
   */
  emailVerified?: boolean;
}

/** Creates an account; the handle is derived from the display name (or address) and made unique. */
export async function signUp(store: Store, input: SignUp, now: Date): Promise<User> {
  const outcome = await registerAccount(store, input, now);
  if (!outcome.created) throw new Refusal('invalid', `an account for ${outcome.user.email} already exists`);
  return outcome.user;
}

/**
 * Creates an account unless the address has one, and says which: the web answers both alike
 * and mails the address, so the form reveals no one. Both paths hash the password, so they
 * take the same time; concurrent signups for one address make one account.
 */
export async function registerAccount(store: Store, input: SignUp, now: Date): Promise<{ created: boolean; user: User }> {
  const email = normaliseEmail(input.email);
  if (input.password !== null) checkPassword(input.password);
  const displayName = normaliseDisplayName(input.displayName ?? email.split('@')[0]!);
  const role = input.role ?? 'member';
  if (!ROLES.includes(role)) throw new Refusal('invalid', `role must be one of ${ROLES.join(', ')}`);
  const passwordHash = input.password === null ? null : await hashPassword(input.password);
  const emailVerified = input.emailVerified ?? true;
  for (let attempt = 0; ; attempt++) {
    // Past a few clashes (many signups with one name at once) a random suffix ends the race.
    const handle = await freeHandle(store, displayName, attempt >= HANDLE_ATTEMPTS);
    const user = await insertUserUnlessTaken(store, { email, handle, displayName, passwordHash, role, emailVerified }, now);
    if (user) return { created: true, user };
    const existing = await userByEmail(store, email);
    if (existing) return { created: false, user: existing };
    if (attempt > HANDLE_ATTEMPTS) throw new Error(`no free handle for ${displayName}`);
  }
}

const HANDLE_ATTEMPTS = 3;

/** A session token for the member; the caller sets it as the cookie. A new one at every login. */
export async function startSession(store: Store, userId: number, now: Date): Promise<string> {
  const { token, tokenHash } = newSecret();
  await insertSession(store, tokenHash, userId, now, new Date(now.getTime() + SESSION_TTL_MS));
  return token;
}

export function sessionUser(store: Store, token: string, now: Date): Promise<User | null> {
  return userBySession(store, hashSecret(token), now);
}

export function endSession(store: Store, token: string): Promise<void> {
  return deleteSession(store, hashSecret(token));
}

/** A personal API token: returned once, stored hashed. */
export async function createApiToken(
  store: Store,
  userId: number,
  name: string,
  now: Date,
): Promise<{ token: string; info: ApiToken }> {
  const label = name.trim().slice(0, 80) || 'token';
  const { token, tokenHash } = newSecret(API_TOKEN_PREFIX);
  return { token, info: await insertApiToken(store, userId, label, tokenHash, now) };
}

/** Revokes one of the member's own tokens; false when `tokenId` names no token of theirs. */
export async function revokeApiToken(store: Store, owner: User, tokenId: unknown): Promise<boolean> {
  const id = Number(tokenId);
  return Number.isSafeInteger(id) && id > 0 && deleteApiToken(store, owner.id, id);
}

/** How stale a token's "last used" may be: a script calling every second writes once a minute, not every call. */
export const API_TOKEN_USE_RESOLUTION_MS = 60_000;

/**
 * The token's member. Marking the token used is best-effort: a store that cannot write (a full
 * disk, a read-only replica) must still answer token holders' reads, so a failed mark is handed to
 * `unrecorded` (the caller logs it) instead of failing the request.
 */
export async function apiTokenUser(
  store: Store,
  token: string,
  now: Date,
  unrecorded: (error: unknown) => void,
): Promise<User | null> {
  const found = await userByApiToken(store, hashSecret(token));
  if (!found) return null;
  const markedAt = found.lastUsedAt ? Date.parse(found.lastUsedAt) : Number.NEGATIVE_INFINITY;
  if (now.getTime() - markedAt >= API_TOKEN_USE_RESOLUTION_MS) {
    await markApiTokenUsed(store, found.tokenId, now).catch(unrecorded);
  }
  return found.user;
}

/**
 * Checks a password and opens a session. Ten failures within 15 minutes for one account, or
 * from one address, refuse further tries until the oldest failure leaves the window. The
 * attempt is counted before its password is checked, so a burst of concurrent guesses gets at
 * most ten checks: the rest are refused unchecked, the right password among them. A locked
 * account can still log in by e-mailed link, so a stranger's guesses cannot lock its owner out.
 */
export async function logInWithPassword(
  store: Store,
  input: { email: string; password: string; address: string },
  now: Date,
): Promise<{ user: User; session: string }> {
  const email = input.email.trim().toLowerCase();
  const keys = [`account:${email}`, `address:${input.address}`];
  const since = new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS);
  const attempt = await recordLoginAttempt(store, keys, now);
  // This attempt is among those counted: it may go on only if ten or fewer came before it.
  const blocked = (await recentLoginFailures(store, keys, since)).filter((f) => f.count > MAX_LOGIN_FAILURES);
  if (blocked.length > 0) {
    // Refused unchecked, it was no guess: it neither counts nor stretches the lock.
    await forgetLoginAttempt(store, attempt);
    const freeAt = Math.max(...blocked.map((f) => Date.parse(f.oldest) + LOGIN_FAILURE_WINDOW_MS));
    throw new Refusal(
      'rate-limited',
      'too many failed logins; try again later',
      Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)),
    );
  }
  const credentials = await credentialsByEmail(store, email);
  // Unknown addresses cost the same hash as known ones, so timing does not reveal accounts.
  const matches = await passwordMatches(credentials?.passwordHash ?? (await dummyHash()), input.password.slice(0, MAX_PASSWORD));
  // A failure keeps its recorded attempt; a success clears the account's failures.
  if (!credentials || credentials.passwordHash === null || !matches)
    throw new Refusal('unauthenticated', 'wrong e-mail address or password');
  await forgetLoginAttempt(store, attempt);
  // Told only to whoever knows the password: the address's owner has not yet opened a mailed link.
  if (!credentials.emailVerified) throw new Refusal('forbidden', unverifiedAddress(credentials.user.email));
  await clearLoginFailures(store, keys[0]!);
  return { user: credentials.user, session: await startSession(store, credentials.user.id, now) };
}

/**
 * A single-use login link token for the address's account, or null when there is no account
 * or it has MAX_OPEN_LOGIN_LINKS unused ones already (the caller answers the same in every
 * case, so the form reveals no one, and mails to one address stay few).
 */
export async function createLoginLink(
  store: Store,
  emailInput: string,
  now: Date,
): Promise<{ user: User; token: string } | null> {
  const user = await userByEmail(store, emailInput.trim().toLowerCase());
  if (!user) return null;
  const { token, tokenHash } = newSecret();
  const link = { tokenHash, userId: user.id, expiresAt: new Date(now.getTime() + LOGIN_LINK_TTL_MS) };
  return (await insertLoginLinkUnlessMany(store, link, now, MAX_OPEN_LOGIN_LINKS)) ? { user, token } : null;
}

export async function logInWithLink(store: Store, token: string, now: Date): Promise<{ user: User; session: string }> {
  const userId = await consumeLoginLink(store, hashSecret(token), now);
  const user = userId === null ? null : await userById(store, userId);
  if (!user) throw new Refusal('unauthenticated', 'this login link has expired or was already used; ask for a new one');
  // The link reached the address: it is the member's.
  await markEmailVerified(store, user.id, now);
  return { user, session: await startSession(store, user.id, now) };
}

const unverifiedAddress = (email: string) =>
  `confirm that ${email} is yours before logging in with a password: open the link in the mail we sent it, or have a new one sent below`;

export function normaliseEmail(text: string): string {
  const check = normaliseAddress(text);
  if (!check.ok) throw new Refusal('invalid', `"${text.slice(0, 100)}" is not an e-mail address`);
  return check.address;
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD) throw new Refusal('invalid', `the password needs at least ${MIN_PASSWORD} characters`);
  if (password.length > MAX_PASSWORD) throw new Refusal('invalid', `the password may have at most ${MAX_PASSWORD} characters`);
}

function normaliseDisplayName(text: string): string {
  const name = text.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
  if (name.length === 0) throw new Refusal('invalid', 'the display name is empty');
  if (name.length > MAX_DISPLAY_NAME)
    throw new Refusal('invalid', `the display name may have at most ${MAX_DISPLAY_NAME} characters`);
  return name;
}

/** `Ana Lima` → `ana-lima`, or `ana-lima-2` … when taken; with `random`, `ana-lima-3f9a1c`. */
async function freeHandle(store: Store, displayName: string, random: boolean): Promise<string> {
  const base =
    displayName
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 24) || 'member';
  if (random) return `${base}-${randomBytes(3).toString('hex')}`;
  const candidates = [base, ...Array.from({ length: 8 }, (_, i) => `${base}-${i + 2}`)];
  const taken = await takenHandles(store, candidates);
  return candidates.find((c) => !taken.has(c)) ?? `${base}-${randomBytes(3).toString('hex')}`;
}

let dummy: Promise<string> | null = null;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not a real password; only here to spend the same time');
  return dummy;
}

/** Removes expired sessions and login links, and login failures older than the window that counts them. */
export function purgeExpiredLogins(store: Store, now: Date): Promise<PurgeCounts> {
  return purgeExpired(store, now, new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS));
}
