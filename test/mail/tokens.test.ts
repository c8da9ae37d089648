import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from '../../src/mail/tokens.ts';

const SECRET = 'test-secret';
const NOW = Date.parse('2026-03-05T08:00:00Z');

describe('signed mail tokens', () => {
  const manage = signToken(SECRET, { purpose: 'manage', subscriptionId: 7, nonce: 'n1', expiresAt: null });

  it('round-trips the claims of a valid token', () => {
    expect(verifyToken(SECRET, manage, 'manage', NOW)).toEqual({
      ok: true,
      claims: { purpose: 'manage', subscriptionId: 7, nonce: 'n1', expiresAt: null },
    });
  });

  it('calls a token forged when its id, nonce or signature was changed or another secret signed it', () => {
    expect(verifyToken(SECRET, manage.replace('.7.', '.8.'), 'manage', NOW)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyToken(SECRET, manage.replace('.n1.', '.n2.'), 'manage', NOW)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyToken(SECRET, `${manage.slice(0, -1)}A`, 'manage', NOW)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyToken('other', manage, 'manage', NOW)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyToken(SECRET, 'garbage', 'manage', NOW)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses an expired confirmation and a token of the other purpose', () => {
    const confirm = signToken(SECRET, { purpose: 'confirm', subscriptionId: 7, nonce: 'n1', expiresAt: NOW + 1000 });
    expect(verifyToken(SECRET, confirm, 'confirm', NOW).ok).toBe(true);
    expect(verifyToken(SECRET, confirm, 'confirm', NOW + 1001)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken(SECRET, confirm, 'manage', NOW)).toEqual({ ok: false, reason: 'wrong-purpose' });
  });
});
