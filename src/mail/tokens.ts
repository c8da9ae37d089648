import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Links in mails carry a signed token instead of a login: `confirm` (expires) proves the
 * reader owns the address; `manage` (never expires, so unsubscribing from an old mail still
 * works) lets them change or end the subscription. The nonce is the subscription's current
 * one: subscribing again issues a new nonce, which retires every earlier link.
 */
export type TokenPurpose = 'confirm' | 'manage';

export interface TokenClaims {
  purpose: TokenPurpose;
  subscriptionId: number;
  nonce: string;
  /** Milliseconds since the epoch; null for tokens that do not expire. */
  expiresAt: number | null;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'forged' | 'expired' | 'wrong-purpose' };

export const CONFIRM_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function signToken(secret: string, claims: TokenClaims): string {
  const payload = [claims.purpose, claims.subscriptionId, claims.nonce, claims.expiresAt ?? ''].join('.');
  return `${payload}.${mac(secret, payload)}`;
}

export function verifyToken(secret: string, token: string, purpose: TokenPurpose, now = Date.now()): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 5) return { ok: false, reason: 'forged' };
  const [kind, id, nonce, expires, signature] = parts as [string, string, string, string, string];
  const payload = parts.slice(0, 4).join('.');
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  if (kind !== purpose) return { ok: false, reason: 'wrong-purpose' };
  const expiresAt = expires === '' ? null : Number(expires);
  if (expiresAt !== null && expiresAt < now) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { purpose, subscriptionId: Number(id), nonce, expiresAt } };
}

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}
