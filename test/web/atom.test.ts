import { describe, expect, it } from 'vitest';
import { DIALECTS, openTestStore } from '../support/stores.ts';
import { child, children, parseXml } from '../support/xml.ts';
import { busyDay, saveFixtures, testServer, THREE_DAYS, useTestApp } from './fixtures.ts';

describe.each(DIALECTS)('Atom feed on %s', (dialect) => {
  const web = useTestApp(dialect, (store) => saveFixtures(store, [...THREE_DAYS, ...busyDay]));

  it('is valid Atom with the entries of the latest three days, newest day first, most upvoted first within a day', async () => {
    const res = await web.app.inject({ url: '/papers/feed.atom' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = parseXml(res.body);
    expect(feed.name).toBe('feed');
    expect(feed.attributes.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(child(feed, 'id')!.text).toBe('http://papers.test/papers');
    expect(child(feed, 'title')!.text).toBe('Daily Papers');
    expect(child(feed, 'updated')!.text).toBe('2026-03-02T08:00:00.000Z');
    expect(child(child(feed, 'author')!, 'name')!.text).toBe('Daily Papers');
    expect(children(feed, 'link').map((l) => l.attributes)).toEqual([
      { rel: 'alternate', href: 'http://papers.test/papers' },
      { rel: 'self', href: 'http://papers.test/papers/feed.atom' },
    ]);

    const entries = children(feed, 'entry');
    // 2026-03-02, 02-27, 02-25: the busy day of January is older than the three latest.
    expect(entries.map((e) => child(e, 'id')!.text)).toEqual([
      'http://papers.test/papers/2603.00010',
      'http://papers.test/papers/2603.00011',
      'http://papers.test/papers/2603.00666',
      'http://papers.test/papers/2602.00020',
      'http://papers.test/papers/hep-th/9901001',
      'http://papers.test/papers/2602.00030',
    ]);
    for (const entry of entries) {
      expect(child(entry, 'link')!.attributes.href).toBe(child(entry, 'id')!.text);
      expect(child(entry, 'updated')!.text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    const first = entries[0]!;
    expect(child(first, 'title')!.text).toBe('Sparse Routing for Long Contexts');
    expect(child(first, 'published')!.text).toBe('2026-02-28T17:00:00.000Z');
    expect(child(first, 'updated')!.text).toBe('2026-03-02T08:00:00.000Z');
    expect(children(first, 'author').map((a) => child(a, 'name')!.text)).toEqual([
      'Ana Lima',
      'Kenji Sato',
      'Priya Nair',
      'Omar Haddad',
      'Wei Zhang',
    ]);
    expect(children(first, 'category').map((c) => c.attributes.term)).toEqual(['cs.CL', 'cs.LG']);
  });

  it('carries markup from the data as escaped text inside type="html" elements', async () => {
    const feed = parseXml((await web.app.inject({ url: '/papers/feed.atom' })).body);
    const entry = children(feed, 'entry').find((e) => child(e, 'id')!.text.endsWith('2603.00666'))!;
    const title = child(entry, 'title')!;
    expect(title.attributes.type).toBe('html');
    // As HTML this reads back as the literal text "<script>…", never as an element.
    expect(title.text).toBe('&lt;script&gt;alert(1)&lt;/script&gt; Injected title');
    expect(child(entry, 'summary')!.text).toBe(
      'Before &lt;script&gt;alert("abstract")&lt;/script&gt; after &lt;img src=x onerror=alert(3)&gt;.',
    );
    expect(child(children(entry, 'author')[0]!, 'name')!.text).toBe('<script>alert(2)</script>');
  });

  it('is a valid empty feed when there are no entries', async () => {
    const empty = await openTestStore(dialect);
    const server = await testServer(empty);
    try {
      const feed = parseXml((await server.inject({ url: '/papers/feed.atom' })).body);
      expect(children(feed, 'entry')).toEqual([]);
      expect(child(feed, 'updated')!.text).toBe('1970-01-01T00:00:00.000Z');
    } finally {
      await server.close();
      await empty.close();
    }
  });
});
