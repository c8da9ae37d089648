import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { parseAtom, parseAtomFeed } from './atom.ts';
import { parseOaiPmh, parseOaiPmhPage } from './oai-pmh.ts';
import { chunked, collect, failingAfter, outline } from './test-helpers.ts';
import { DTD_REFUSED } from './xml.ts';

const laughs = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n');
const dtd = (root: string) => `<?xml version="1.0"?>\n<!DOCTYPE ${root} [\n<!ENTITY lol "lol">\n${laughs}\n]>\n`;

const billionLaughsAtom = `${dtd('feed')}<feed xmlns="http://www.w3.org/2005/Atom"><entry>
<id>http://arxiv.org/abs/2401.00001v1</id><title>&lol9;</title></entry></feed>`;
const billionLaughsOai = `${dtd('OAI-PMH')}<OAI-PMH><ListRecords><record><header><identifier>oai:arXiv.org:2401.00001</identifier></header>
<metadata><arXiv><id>2401.00001</id><title>&lol9;</title></arXiv></metadata></record></ListRecords></OAI-PMH>`;
const externalEntity = `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001v1</id><title>&xxe;</title></entry></feed>`;

describe('XML with a DTD', () => {
  it('is refused as a whole by the Atom parser, page and stream, expanding nothing', async () => {
    const refused = [{ kind: 'rejected', at: 1, reason: DTD_REFUSED }];
    expect(DTD_REFUSED).toBe('XML with a DTD is not accepted');
    expect(parseAtomFeed(billionLaughsAtom)).toEqual({ items: refused, totalResults: null });
    expect(await collect(parseAtom(chunked(billionLaughsAtom, 16)))).toEqual(refused);
    expect(parseAtomFeed(externalEntity).items).toEqual(refused);
  });

  it('is refused by the OAI-PMH parser: an error for the harvester, a rejection in a file', async () => {
    expect(parseOaiPmhPage(billionLaughsOai)).toEqual({
      items: [],
      resumptionToken: null,
      completeListSize: null,
      error: { code: 'malformedXml', message: DTD_REFUSED },
    });
    expect(await collect(parseOaiPmh(chunked(billionLaughsOai)))).toEqual([{ kind: 'rejected', at: 1, reason: DTD_REFUSED }]);
  });

  it('would not be expanded by saxes either (the library refuses entities it was not given)', () => {
    const parser = new SaxesParser();
    let text = '';
    parser.on('text', (t) => (text += t));
    expect(() => parser.write('<!DOCTYPE r [<!ENTITY x "expanded">]><r>&x;</r>').close()).toThrow(/undefined entity/);
    expect(text).not.toContain('expanded');
  });

  it('an entity used without a DTD is malformed XML, not expanded', () => {
    const xml = '<feed><entry><id>http://arxiv.org/abs/2401.00001</id><title>&lol9;</title></entry></feed>';
    expect(outline(parseAtomFeed(xml).items)).toEqual([[1, 'rejected: XML is not well-formed: 1:66: undefined entity.']]);
  });
});

describe('XML size limits and read errors', () => {
  const entry = (id: string, title: string) => `<entry><id>http://arxiv.org/abs/${id}</id><title>${title}</title></entry>`;

  it('rejects one record over the limit and reads on', async () => {
    const xml = `<feed>${entry('2401.00001', 'ok')}${entry('2401.00002', 'x'.repeat(150))}${entry('2401.00003', 'ok')}</feed>`;
    expect(outline(await collect(parseAtom(chunked(xml, 7), { maxRecordBytes: 100 })))).toEqual([
      [1, '2401.00001'],
      [2, 'rejected: record longer than 100 bytes'],
      [3, '2401.00003'],
    ]);
  });

  it('stops at a single text node so long that saxes would have to buffer it', async () => {
    const xml = `<feed>${entry('2401.00001', 'ok')}${entry('2401.00002', 'x'.repeat(5000))}</feed>`;
    expect(outline(await collect(parseAtom(chunked(xml, 64), { maxRecordBytes: 100 })))).toEqual([
      [1, '2401.00001'],
      [2, 'rejected: XML text longer than 200 bytes'],
    ]);
  });

  it('ends with the read error after the records read', async () => {
    const xml = `<feed>${entry('2401.00001', 'ok')}<entry><id>http://arxiv.org/abs/2401.00002`;
    expect(outline(await collect(parseAtom(failingAfter(xml, new Error('socket hang up')))))).toEqual([
      [1, '2401.00001'],
      [2, 'rejected: read error: socket hang up'],
    ]);
  });

  it('yields nothing for an empty input', async () => {
    expect(await collect(parseAtom(chunked('')))).toEqual([]);
    expect(await collect(parseOaiPmh(chunked('  \n')))).toEqual([]);
  });
});
