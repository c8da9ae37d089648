import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOaiPmh, parseOaiPmhPage } from './oai-pmh.ts';
import { chunked, collect, fixture, fixturePath, outline, records } from './test-helpers.ts';

const read = (name: string) => readFileSync(fixturePath(name), 'utf8');
const page = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate>${inner}</OAI-PMH>`;

describe('oai-pmh: ListRecords page', () => {
  it('reads records, a deleted record, and the resumption token', () => {
    const result = parseOaiPmhPage(read('oai-listrecords.xml'));
    expect(result.resumptionToken).toBe('4285215|1001');
    expect(result.completeListSize).toBe(1337);
    expect(result.error).toBeNull();
    expect(outline(result.items)).toEqual([
      [1, '1101.4388'],
      [2, 'rejected: deleted at source: 1501.00001'],
      [3, '1501.03491'],
    ]);
    const [first, third] = records(result.items);
    expect(first).toEqual({
      id: '1101.4388',
      version: null,
      title: 'Reproducing Kernel Banach Spaces with the l1 Norm',
      abstract:
        'Targeting at sparse learning, we construct Banach spaces B of functions on an input space X with the ' +
        'properties that (1) B possesses an l1 norm in the sense that it is isometrically isomorphic to the Banach ' +
        'space of integrable functions on X with respect to the counting measure.',
      authors: ['Guohui Song', 'Haizhang Zhang', 'Fred J. Hickernell'],
      categories: ['stat.ML', 'cs.LG', 'math.FA'],
      primaryCategory: 'stat.ML',
      publishedAt: '2011-01-23T00:00:00.000Z',
      updatedAt: '2012-03-28T00:00:00.000Z',
      comment: '28 pages, an extra section was added',
      journalRef: 'Appl. Comput. Harmon. Anal., 34:96-116, 2013',
      doi: '10.1016/j.acha.2012.03.009',
      githubRepo: null,
      projectPage: null,
      source: 'arxiv',
      aiSummary: null,
      aiKeywords: [],
      organization: null,
      githubStars: null,
      sourceUpvotes: null,
      listedOn: null,
      feed: null,
    });
    // "Forenames Keyname Suffix", character references decoded; one version: updated = created.
    expect(third).toMatchObject({
      authors: ['Edésio M. Barboza Jr.', 'Rafael C. Nunes', 'Éverton M. C. Abreu'],
      categories: ['gr-qc', 'astro-ph.CO'],
      primaryCategory: 'gr-qc',
      publishedAt: '2015-01-13T00:00:00.000Z',
      updatedAt: '2015-01-13T00:00:00.000Z',
    });
  });

  it('streams the same records from a file, the error-free way', async () => {
    const items = await collect(parseOaiPmh(chunked(read('oai-listrecords.xml'), 13)));
    expect(items).toEqual(parseOaiPmhPage(read('oai-listrecords.xml')).items);
  });

  it('reads an empty resumptionToken as the end of the list', () => {
    const xml = page('<ListRecords><resumptionToken cursor="1000" completeListSize="1001"/></ListRecords>');
    expect(parseOaiPmhPage(xml)).toEqual({ items: [], resumptionToken: null, completeListSize: 1001, error: null });
  });

  it('reads a GetRecord response without namespaces', async () => {
    const items = await collect(parseOaiPmh(fixture('oai-getrecord-no-namespace.xml')));
    expect(records(items)).toEqual([
      expect.objectContaining({
        id: '0804.2273',
        title: 'Object Re-Use & Exchange: A Resource-Centric Approach',
        authors: [
          'Carl Lagoze',
          'Herbert Van de Sompel',
          'Michael L. Nelson',
          'Simeon Warner',
          'Robert Sanderson',
          'Pete Johnston',
        ],
        categories: ['cs.DL', 'cs.NI'],
        publishedAt: '2008-04-14T00:00:00.000Z',
      }),
    ]);
  });
});

describe('oai-pmh: errors', () => {
  it('returns an OAI error element in `error` for the harvester', () => {
    expect(parseOaiPmhPage(read('oai-error.xml'))).toEqual({
      items: [],
      resumptionToken: null,
      completeListSize: null,
      error: {
        code: 'noRecordsMatch',
        message: 'No records match the paramaters specified for this selective harvesting request.',
      },
    });
    const bad = parseOaiPmhPage(
      page('<error code="badResumptionToken">The value of the resumptionToken argument is invalid or expired.</error>'),
    );
    expect(bad.error).toEqual({
      code: 'badResumptionToken',
      message: 'The value of the resumptionToken argument is invalid or expired.',
    });
  });

  it('ends a streamed file with the OAI error as a rejection', async () => {
    expect(await collect(parseOaiPmh(fixture('oai-error.xml')))).toEqual([
      {
        kind: 'rejected',
        at: 1,
        reason: 'OAI-PMH error noRecordsMatch: No records match the paramaters specified for this selective harvesting request.',
      },
    ]);
  });

  it('reports a page cut short as malformedXml and never as a complete list', () => {
    const full = read('oai-listrecords.xml');
    const cut = full.slice(0, full.indexOf('<resumptionToken') + 60);
    const result = parseOaiPmhPage(cut);
    expect(outline(result.items)).toEqual([
      [1, '1101.4388'],
      [2, 'rejected: deleted at source: 1501.00001'],
      [3, '1501.03491'],
    ]);
    expect(result.resumptionToken).toBeNull();
    expect(result.error).toEqual({ code: 'malformedXml', message: expect.stringMatching(/^XML is not well-formed: /) });
  });

  it('rejects records in another metadata format, or without a title', () => {
    const xml = page(`<ListRecords>
      <record><header><identifier>oai:arXiv.org:1507.03011</identifier></header>
        <metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"/></metadata></record>
      <record><header><identifier>oai:arXiv.org:1507.03012</identifier></header>
        <metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>1507.03012</id><created>2015-07-10</created></arXiv></metadata></record>
      <record><header><identifier>oai:arXiv.org:1507.03013</identifier></header></record>
      <record><header><identifier>oai:arXiv.org:1507.03014</identifier></header>
        <metadata><arXiv><title>Id from the header</title><created>2015-07-32</created></arXiv></metadata></record>
    </ListRecords>`);
    expect(outline(parseOaiPmhPage(xml).items)).toEqual([
      [1, 'rejected: metadata format "dc" is not supported: harvest with metadataPrefix=arXiv'],
      [2, 'rejected: missing field "title"'],
      [3, 'rejected: record without metadata'],
      [4, 'rejected: field "created" is not a date: "2015-07-32"'],
    ]);
  });
});
