import { CONFIRM_TOKEN_TTL_MS, signToken } from './tokens.ts';

/** The subscription as far as its links need it. */
export interface LinkTarget {
  id: number;
  nonce: string;
}

export function confirmUrl(baseUrl: string, secret: string, target: LinkTarget, now = Date.now()): string {
  const token = signToken(secret, {
    purpose: 'confirm',
    subscriptionId: target.id,
    nonce: target.nonce,
    expiresAt: now + CONFIRM_TOKEN_TTL_MS,
  });
  return `${baseUrl}/confirm?token=${token}`;
}

/** The RFC 8058 target: a GET shows a one-button page, a POST unsubscribes at once. */
export function unsubscribeUrl(baseUrl: string, secret: string, target: LinkTarget): string {
  return `${baseUrl}/unsubscribe?token=${manageToken(secret, target)}`;
}

export function manageUrl(baseUrl: string, secret: string, target: LinkTarget): string {
  return `${baseUrl}/subscribe?token=${manageToken(secret, target)}`;
}

function manageToken(secret: string, target: LinkTarget): string {
  return signToken(secret, { purpose: 'manage', subscriptionId: target.id, nonce: target.nonce, expiresAt: null });
}
