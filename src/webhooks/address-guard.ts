/**
 * Webhook URLs are given by members, and the hub posts to them from inside its network: a URL
 * must not reach the hub's own machine or the private network behind it (SSRF). The host is
 * resolved here, every address it resolves to must be public, and the post then connects to
 * the address that was checked, so a DNS answer that changes between check and connect
 * (rebinding) cannot point it elsewhere. The operator may allow private addresses
 * (WEBHOOK_ALLOW_PRIVATE=1) for receivers on their own network.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { Refusal } from '../core/refusal.ts';

/** Addresses that are not the public internet: loopback, private, link-local, CGNAT, multicast, reserved. */
const NOT_PUBLIC = new BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 among them
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
] as const)
  NOT_PUBLIC.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96], // IPv4-mapped: would reach any IPv4 address
  ['64:ff9b::', 96], // NAT64: the same
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  NOT_PUBLIC.addSubnet(prefix, bits, 'ipv6');

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

/** The URL a member gave, if it can be a webhook: absolute http(s), no user name or password in it. */
export function webhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Refusal('invalid', `"${text}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Refusal('invalid', `a webhook URL starts with https:// or http://, not ${url.protocol}//`);
  if (url.username || url.password) throw new Refusal('invalid', 'a webhook URL may not carry a user name or password');
  if (text.length > 2000) throw new Refusal('invalid', 'a webhook URL has at most 2000 characters');
  return url;
}

/** Why an address is refused, or null when it is public (or the operator allows private ones). */
export function refusedAddress(address: string, allowPrivate: boolean): string | null {
  if (allowPrivate) return null;
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  return NOT_PUBLIC.check(address, family)
    ? `${address} is a loopback, private or reserved address; the hub posts only to public addresses unless its operator sets WEBHOOK_ALLOW_PRIVATE=1`
    : null;
}

/**
 * Resolves the URL's host and returns the address to connect to. A host that resolves to
 * any refused address is refused (a `failed` Refusal: trying again will not help); one that
 * does not resolve is `unavailable` (DNS may answer later).
 */
export async function resolveWebhookHost(url: URL, allowPrivate: boolean): Promise<CheckedAddress> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch (error) {
    throw new Refusal('unavailable', `${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'DNS error'})`);
  }
  for (const { address } of addresses) {
    const why = refusedAddress(address, allowPrivate);
    if (why) throw new Refusal('forbidden', `${host === address ? '' : `${host} resolves to `}${why}`);
  }
  if (addresses.length === 0) throw new Refusal('unavailable', `${host} does not resolve`);
  return { address: addresses[0]!.address, family: addresses[0]!.family === 6 ? 6 : 4 };
}
