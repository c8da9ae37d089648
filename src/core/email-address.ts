import { domainToASCII } from 'node:url';

export type AddressCheck = { ok: true; address: string } | { ok: false; reason: string };

// RFC 5321 limits: 64 octets before the @, 254 in all (what fits a forward path).
const MAX_LOCAL = 64;
export const MAX_ADDRESS = 254;
// The dot-atom of RFC 5322: no quoted strings, no comments, nothing that needs escaping in a header.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Accepts one plain address and returns it in the form it is stored and compared in:
 * lower case, an internationalised domain in its ASCII (punycode) form. Anything that could
 * smuggle a header (line breaks, commas, angle brackets) fails here, before it reaches a mail.
 */
export function normaliseAddress(input: string): AddressCheck {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'enter an e-mail address' };
  if (/[\s\p{Cc}]/u.test(text)) return { ok: false, reason: 'an e-mail address cannot contain spaces or line breaks' };
  if (text.length > MAX_ADDRESS) return { ok: false, reason: `an e-mail address has at most ${MAX_ADDRESS} characters` };
  const at = text.lastIndexOf('@');
  if (at < 0) return { ok: false, reason: 'an e-mail address needs an @, as in name@example.org' };
  const local = text.slice(0, at);
  const domain = domainToASCII(text.slice(at + 1).toLowerCase());
  if (local.length === 0 || local.length > MAX_LOCAL || !LOCAL_PART.test(local)) {
    return { ok: false, reason: 'the part before the @ is not a valid mailbox name' };
  }
  const labels = domain.split('.');
  if (domain === '' || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!)) {
    return { ok: false, reason: 'the part after the @ is not a valid domain name' };
  }
  const address = `${local.toLowerCase()}@${domain}`;
  return address.length > MAX_ADDRESS
    ? { ok: false, reason: `an e-mail address has at most ${MAX_ADDRESS} characters` }
    : { ok: true, address };
}
