/** The library API on both stores: saving, notes, read marks, collections and who may see them. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, signUp } from '../../src/social/accounts.ts';
import { DIALECTS } from '../support/stores.ts';
import { corpusDoc, figures, graphs, NOW, oldStyle, rewards, routing, saveFixtures, useTestApp } from '../web/fixtures.ts';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each(DIALECTS)('the library API on %s', (dialect) => {
  const hub = useTestApp(dialect, (store) => saveFixtures(store, [routing, rewards, figures, graphs, oldStyle, corpusDoc]));
  let ana = '';

  beforeAll(async () => {
    const a = await signUp(hub.store, { email: 'ana@example.org', password: 'ana password', displayName: 'Ana' }, NOW);
    ana = (await createApiToken(hub.store, a.id, 'test', NOW)).token;
  });

  const call = async (token: string | null, method: string, url: string, payload?: unknown) => {
    const res = await hub.app.inject({
      method: method as 'GET',
      url,
      ...(payload !== undefined ? { payload: payload as object } : {}),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.statusCode, body: res.body, json: () => res.json(), headers: res.headers };
  };

  it('saves papers in any id form, once, and lists them newest saved first', async () => {
    expect((await call(ana, 'POST', '/api/me/library', { paperId: 'https://arxiv.org/abs/2603.00010v2' })).json()).toEqual({
      paper: {
        id: '2603.00010',
        title: 'Sparse Routing for Long Contexts',
        authors: routing.authors,
        publishedAt: routing.publishedAt,
      },
      savedAt: expect.stringMatching(ISO_INSTANT),
      note: null,
      read: false,
      readAt: null,
      collectionIds: [],
    });
    expect((await call(ana, 'POST', '/api/me/library', { paperId: '2603.00010' })).status).toBe(200);
    expect((await call(ana, 'POST', '/api/me/library', { paperId: 'hep-th/9901001' })).status).toBe(200);
    const list = (await call(ana, 'GET', '/api/me/library')).json() as { paper: { id: string } }[];
    expect(list.map((item) => item.paper.id).sort()).toEqual(['2603.00010', 'hep-th/9901001']);
    expect((await call(ana, 'POST', '/api/me/library', { paperId: '2603.99999' })).json()).toEqual({
      error: 'Paper 2603.99999 not found',
    });
  });

  it('keeps a private note and a read mark, and filters by them', async () => {
    const put = await call(ana, 'PUT', '/api/me/library/2603.00010', { note: 'Read §3 again', read: true });
    expect(put.json()).toMatchObject({ note: 'Read §3 again', read: true, readAt: expect.stringMatching(ISO_INSTANT) });
    expect(
      (await call(ana, 'GET', '/api/me/library?read=true')).json().map((i: { paper: { id: string } }) => i.paper.id),
    ).toEqual(['2603.00010']);
    expect(
      (await call(ana, 'GET', '/api/me/library?read=false')).json().map((i: { paper: { id: string } }) => i.paper.id),
    ).toEqual(['hep-th/9901001']);
    expect((await call(ana, 'PUT', '/api/me/library/2603.00010', { note: '' })).json()).toMatchObject({ note: null, read: true });
    expect((await call(ana, 'PUT', '/api/me/library/2603.00010', { note: 'x'.repeat(10_001) })).json()).toEqual({
      error: 'a note has at most 10000 characters',
    });
    expect((await call(ana, 'PUT', '/api/me/library/2603.00011', { read: true })).status).toBe(404);
  });

  it('sorts papers into collections; a public one is readable by anyone, with its citations', async () => {
    const reading = (await call(ana, 'POST', '/api/me/collections', { name: '  Reading   group ', public: true })).json();
    expect(reading).toMatchObject({
      name: 'Reading group',
      public: true,
      paperCount: 0,
      url: `http://papers.test/collections/${reading.id}`,
    });
    const secret = (await call(ana, 'POST', '/api/me/collections', { name: 'Secret' })).json();
    expect((await call(ana, 'POST', '/api/me/collections', { name: 'Secret' })).json()).toEqual({
      error: 'you already have a collection named "Secret"',
    });
    expect((await call(ana, 'POST', '/api/me/collections', { name: ' ' })).status).toBe(400);

    const item = await call(ana, 'PUT', '/api/me/library/2603.00010', { collectionIds: [reading.id, secret.id, reading.id] });
    expect(item.json().collectionIds).toEqual([reading.id, secret.id].sort((a, b) => a - b));
    expect((await call(ana, 'GET', `/api/me/library?collection=${reading.id}`)).json()).toHaveLength(1);

    const pub = (await call(null, 'GET', `/api/collections/${reading.id}`)).json();
    expect(pub.owner).toEqual({ handle: 'ana', name: 'Ana' });
    expect(pub.papers.map((p: { id: string }) => p.id)).toEqual(['2603.00010']);
    expect(pub.collection.paperCount).toBe(1);
    const bib = await call(null, 'GET', `/api/collections/${reading.id}/export?format=bibtex`);
    expect(bib.headers['content-disposition']).toBe(`attachment; filename="collection-${reading.id}.bib"`);
    expect(bib.body).toContain('eprint = {2603.00010}');

    expect(
      (await call(ana, 'PATCH', `/api/me/collections/${reading.id}`, { public: false, name: 'Group' })).json(),
    ).toMatchObject({
      name: 'Group',
      public: false,
    });
    expect((await call(null, 'GET', `/api/collections/${reading.id}`)).status).toBe(404);
    // The public API answers public collections only, to their owner too.
    expect((await call(ana, 'GET', `/api/collections/${reading.id}`)).status).toBe(404);
    expect((await call(ana, 'PATCH', `/api/me/collections/${reading.id}`, { name: 'Secret' })).status).toBe(400);

    // Removing a paper from the library takes it out of every collection.
    expect((await call(ana, 'DELETE', '/api/me/library/2603.00010')).status).toBe(204);
    expect((await call(ana, 'GET', '/api/me/collections')).json().map((c: { paperCount: number }) => c.paperCount)).toEqual([
      0, 0,
    ]);
    expect((await call(ana, 'DELETE', '/api/me/library/2603.00010')).status).toBe(404);
    expect((await call(ana, 'DELETE', `/api/me/collections/${secret.id}`)).status).toBe(204);
    expect((await call(ana, 'GET', '/api/me/collections')).json().map((c: { name: string }) => c.name)).toEqual(['Group']);
  });

  it('exports the library in each format, and cites one paper', async () => {
    await call(ana, 'POST', '/api/me/library', { paperId: '2603.00011' });
    const ris = await call(ana, 'GET', '/api/me/library/export?format=ris');
    expect(ris.headers['content-type']).toBe('application/x-research-info-systems; charset=utf-8');
    expect(ris.body.match(/^TY {2}- GEN\r$/gm)).toHaveLength(2);
    const csl = await call(ana, 'GET', '/api/me/library/export?format=csl-json');
    expect(
      JSON.parse(csl.body)
        .map((item: { id: string }) => item.id)
        .sort(),
    ).toEqual(['arXiv:2603.00011', 'arXiv:hep-th/9901001']);
    const cite = await call(null, 'GET', '/api/papers/2603.00011/cite');
    expect(cite.headers['content-type']).toBe('application/x-bibtex; charset=utf-8');
    expect(cite.body.startsWith('@misc{vogel2026reward,\n')).toBe(true);
    expect((await call(null, 'GET', '/api/papers/2603.00011/cite?format=mla')).status).toBe(400);
    expect((await call(null, 'GET', '/api/papers/2603.99999/cite')).status).toBe(404);
  });
});

describe.each(DIALECTS)('a member’s library is theirs alone, on %s', (dialect) => {
  const hub = useTestApp(dialect, (store) => saveFixtures(store, [routing, rewards]));
  let owner = '';
  let other = '';
  let privateId = 0;
  const secretNote = 'my secret note';

  beforeAll(async () => {
    const a = await signUp(hub.store, { email: 'owner@example.org', password: 'owner password', displayName: 'Owner' }, NOW);
    const b = await signUp(hub.store, { email: 'other@example.org', password: 'other password', displayName: 'Other' }, NOW);
    owner = (await createApiToken(hub.store, a.id, 'test', NOW)).token;
    other = (await createApiToken(hub.store, b.id, 'test', NOW)).token;
    const auth = { authorization: `Bearer ${owner}` };
    await hub.app.inject({ method: 'POST', url: '/api/me/library', payload: { paperId: '2603.00010' }, headers: auth });
    privateId = (
      await hub.app.inject({ method: 'POST', url: '/api/me/collections', payload: { name: 'Mine' }, headers: auth })
    ).json().id;
    await hub.app.inject({
      method: 'PUT',
      url: '/api/me/library/2603.00010',
      payload: { note: secretNote, collectionIds: [privateId] },
      headers: auth,
    });
  });

  const endpoints = () =>
    [
      ['GET', '/api/me/library'],
      ['GET', `/api/me/library?collection=${privateId}`],
      ['POST', '/api/me/library', { paperId: '2603.00011' }],
      ['PUT', '/api/me/library/2603.00010', { note: 'overwritten' }],
      ['DELETE', '/api/me/library/2603.00010'],
      ['GET', '/api/me/library/export?format=csl-json'],
      ['GET', `/api/me/library/export?collection=${privateId}`],
      ['POST', '/api/me/library/import', '@misc{a, eprint = {2603.00011}}'],
      ['GET', '/api/me/collections'],
      ['POST', '/api/me/collections', { name: 'Theirs' }],
      ['PATCH', `/api/me/collections/${privateId}`, { public: true }],
      ['DELETE', `/api/me/collections/${privateId}`],
      ['GET', `/api/collections/${privateId}`],
      ['GET', `/api/collections/${privateId}/export?format=ris`],
      ['GET', '/api/me/export'],
    ] as const;

  it('answers anonymous callers 401 on everything of a member’s, 404 on a private collection', async () => {
    for (const [method, url, payload] of endpoints()) {
      const res = await hub.app.inject({
        method,
        url,
        ...(payload !== undefined
          ? { payload, headers: typeof payload === 'string' ? { 'content-type': 'text/plain' } : {} }
          : {}),
      });
      expect([url, res.statusCode], method).toEqual([url, url.startsWith('/api/collections/') ? 404 : 401]);
      expect(res.body).not.toContain(secretNote);
      expect(res.body).not.toContain('Sparse Routing');
    }
  });

  it('shows another member only their own (empty) library and refuses the owner’s collection as unknown', async () => {
    for (const [method, url, payload] of endpoints()) {
      const res = await hub.app.inject({
        method,
        url,
        ...(payload !== undefined ? { payload } : {}),
        headers: { authorization: `Bearer ${other}`, ...(typeof payload === 'string' ? { 'content-type': 'text/plain' } : {}) },
      });
      expect(res.body, `${method} ${url}`).not.toContain(secretNote);
      if (url.includes(String(privateId)) || method === 'DELETE' || method === 'PUT') {
        expect([method, url, res.statusCode]).toEqual([method, url, 404]);
      }
    }
    // The owner's data is as it was.
    const mine = await hub.app.inject({ url: '/api/me/library', headers: { authorization: `Bearer ${owner}` } });
    expect(mine.json()).toMatchObject([{ paper: { id: '2603.00010' }, note: secretNote, collectionIds: [privateId] }]);
    const theirs = await hub.app.inject({ url: '/api/me/library', headers: { authorization: `Bearer ${other}` } });
    expect(theirs.json().map((i: { paper: { id: string } }) => i.paper.id)).toEqual(['2603.00011']);
  });
});
