import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAtom, parseAtomFeed } from './atom.ts';
import { chunked, collect, fixture, fixturePath, outline, records } from './test-helpers.ts';

const read = (name: string) => readFileSync(fixturePath(name), 'utf8');

describe('atom: current API format', () => {
  it('reads entries and totalResults from a page', () => {
    const { items, totalResults } = parseAtomFeed(read('atom-current.xml'));
    expect(totalResults).toBe(214881);
    expect(outline(items)).toEqual([
      [1, '1605.08386'],
      [2, '2202.12139'],
    ]);
    const [first, second] = records(items);
    expect(first).toEqual({
      id: '1605.08386',
      version: 1,
      title: 'Heat-bath random walks with Markov bases',
      abstract: 'Graphs on lattice points are studied whose edges come from a finite set of allowed moves of arbitrary length.',
      authors: ['Caprice Stanley', 'Tobias Windisch'],
      categories: ['math.CO', 'math.ST'],
      primaryCategory: 'math.CO',
      publishedAt: '2016-05-26T17:59:46.000Z',
      updatedAt: '2016-05-26T17:59:46.000Z',
      comment: '20 pages, 3 figures',
      journalRef: null,
      doi: null,
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
    expect(second).toMatchObject({
      categories: ['cs.SE', 'cs.LG'],
      journalRef:
        'Artificial Intelligence in Software Testing @ 2022 IEEE International Conference on Software Testing, Verification and Validation Workshops (ICSTW)',
      doi: '10.1109/ICSTW55395.2022.00035',
      authors: ['Mohit Kumar Ahuja', 'Arnaud Gotlieb', 'Helge Spieker'],
    });
  });

  it('streams the same entries from a file, in small chunks', async () => {
    const streamed = await collect(parseAtom(chunked(read('atom-current.xml'), 7)));
    expect(streamed).toEqual(parseAtomFeed(read('atom-current.xml')).items);
  });
});

describe('atom: legacy 2016 format', () => {
  it('reads per-element namespaces, wrapped titles and the primary category first', async () => {
    const items = await collect(parseAtom(fixture('atom-legacy.xml')));
    expect(records(items)).toEqual([
      expect.objectContaining({
        id: '1111.2011',
        version: 2,
        title: 'Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit',
        abstract:
          'Theoretical description of anisotropic systems, such as layered superconductors and coupled spin chains, ' +
          'is often a challenge due to the different natures of interactions along different directions.',
        authors: ['James M. Murray', 'Adrian Del Maestro', 'Zlatko Tesanovic'],
        categories: ['cond-mat.str-el', 'cond-mat.stat-mech'],
        primaryCategory: 'cond-mat.str-el',
        publishedAt: '2011-11-08T18:48:36.000Z',
        updatedAt: '2012-04-02T12:38:54.000Z',
        comment: '8 pages, 3 figures. Published version',
        journalRef: 'Phys. Rev. B 85, 115117 (2012)',
        doi: '10.1103/PhysRevB.85.115117',
      }),
    ]);
    expect(parseAtomFeed(read('atom-legacy.xml')).totalResults).toBe(1);
  });
});

describe('atom: errors and odd entries', () => {
  it('turns an arXiv error feed into a rejection carrying its summary', () => {
    expect(parseAtomFeed(read('atom-error.xml')).items).toEqual([
      { kind: 'rejected', at: 1, reason: 'arXiv API error: incorrect id format for abc' },
    ]);
  });

  it('reads an empty result page', () => {
    const xml =
      '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><opensearch:totalResults>0</opensearch:totalResults></feed>';
    expect(parseAtomFeed(xml)).toEqual({ items: [], totalResults: 0 });
  });

  it('rejects entries without id or title and keeps a title that is "0"', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom">
      <entry><title>No id</title></entry>
      <entry><id>http://arxiv.org/abs/2104.12255v1</id><title> </title></entry>
      <entry><id>http://arxiv.org/abs/old/123</id><title>Bad id</title></entry>
      <entry><id>http://arxiv.org/abs/2104.12255v1</id><title>0</title></entry>
    </feed>`;
    expect(outline(parseAtomFeed(xml).items)).toEqual([
      [1, 'rejected: missing field "id"'],
      [2, 'rejected: missing field "title"'],
      [3, 'rejected: invalid arXiv id "http://arxiv.org/abs/old/123"'],
      [4, '2104.12255'],
    ]);
  });

  it('keeps HTML in titles as text and decodes XML escapes', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001v1</id>
      <title>&lt;i&gt;Italic&lt;/i&gt; &amp; <![CDATA[<b>bold</b>]]></title></entry></feed>`;
    expect(records(parseAtomFeed(xml).items)[0]?.title).toBe('<i>Italic</i> & <b>bold</b>');
  });

  it('yields the entries read before malformed XML, then the reason', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom">
      <entry><id>http://arxiv.org/abs/2401.00001v1</id><title>Fine</title></entry>
      <entry><id>http://arxiv.org/abs/2401.00002v1</id><title>Broken</titel></entry></feed>`;
    const items = parseAtomFeed(xml).items;
    expect(outline(items)).toEqual([
      [1, '2401.00001'],
      [2, 'rejected: XML is not well-formed: 3:76: unexpected close tag.'],
    ]);
  });
});
