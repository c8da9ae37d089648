import { describe, expect, it } from 'vitest';
import { normaliseAddress } from './email-address.ts';

describe('normaliseAddress', () => {
  it('accepts a plain address, lower-cased and trimmed', () => {
    expect(normaliseAddress('  Ada.Lovelace+papers@Example.ORG ')).toEqual({
      ok: true,
      address: 'ada.lovelace+papers@example.org',
    });
  });

  it('stores an internationalised domain in its ASCII form', () => {
    expect(normaliseAddress('leser@bücher.de')).toEqual({ ok: true, address: 'leser@xn--bcher-kva.de' });
    expect(normaliseAddress('user@例え.テスト')).toEqual({ ok: true, address: 'user@xn--r8jz45g.xn--zckzah' });
  });

  it.each([
    ['missing @', 'ada.example.org', 'an e-mail address needs an @, as in name@example.org'],
    ['a space', 'ada lovelace@example.org', 'an e-mail address cannot contain spaces or line breaks'],
    ['300 characters', `${'a'.repeat(288)}@example.org`, 'an e-mail address has at most 254 characters'],
    ['header injection', 'a@b.c\r\nBcc: x@y.z', 'an e-mail address cannot contain spaces or line breaks'],
    ['two addresses', 'a@b.org,c@d.org', 'the part before the @ is not a valid mailbox name'],
    ['angle brackets', '<a@b.org>', 'the part before the @ is not a valid mailbox name'],
    ['no domain dot', 'a@localhost', 'the part after the @ is not a valid domain name'],
    ['empty', '', 'enter an e-mail address'],
    ['a non-ASCII mailbox name', 'jörg@example.org', 'the part before the @ is not a valid mailbox name'],
  ])('refuses %s', (_name, input, reason) => {
    expect(normaliseAddress(input)).toEqual({ ok: false, reason });
  });
});
