/**
 * Every post is signed: `X-Dailypapers-Signature: sha256=<hex HMAC-SHA256 of the raw body>`
 * with the webhook's secret, and `X-Dailypapers-Timestamp` gives when (Unix seconds). The
 * generic JSON body repeats the timestamp (`delivery.timestamp`), so it is signed too and a
 * receiver can refuse an old body replayed (README, "Webhooks").
 */
import { createHmac, randomBytes } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-dailypapers-signature';
export const TIMESTAMP_HEADER = 'x-dailypapers-timestamp';
export const DELIVERY_HEADER = 'x-dailypapers-delivery';

/** A new secret: 32 random bytes, as the member copies it once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signatureOf(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
