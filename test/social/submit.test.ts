import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchArxivPaper } from '../../src/ingest/arxiv-api-client.ts';
import { PoliteHttpClient } from '../../src/ingest/http-client.ts';
import { type ArxivLookup, indexPaper, submitPaper } from '../../src/social/submit.ts';
import { insertUser, type User } from '../../src/store/accounts.ts';
import { feedEntryOf } from '../../src/store/feed.ts';
import { countPapers, getPaper } from '../../src/store/papers.ts';
import { closedPortUrl, send, startServer, type TestServer } from '../../src/ingest/testdata/live/test-server.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const now = new Date('2026-03-02T12:00:00Z');
const fixture = (name: string) => readFileSync(new URL(`testdata/${name}`, import.meta.url), 'utf8');
const KNOWN = new Set(['2602.01234', '2401.00001', '2602.00666']);

const client = () => new PoliteHttpClient({ minIntervalMs: 0, maxAttempts: 2, baseBackoffMs: 1, timeoutMs: 2000 });

describe.each(DIALECTS)('submitting papers on %s', (dialect) => {
  let store: TestStore;
  let arxiv: TestServer;
  let lookup: ArxivLookup;
  let ana: User, bob: User;
  const submit = (who: User, input: unknown, via = lookup) =>
    submitPaper(store, who, input, { lookup: via, maxAgeDays: 14, now });

  beforeAll(async () => {
    store = await openTestStore(dialect);
    arxiv = await startServer((req, res) => {
      const id = new URL(req.url!, 'http://x').searchParams.get('id_list')!;
      send(res, 200, fixture(KNOWN.has(id) ? `arxiv-${id}.xml` : 'arxiv-empty.xml'), { 'content-type': 'application/atom+xml' });
    });
    const http = client();
    lookup = (id) => fetchArxivPaper(http, `${arxiv.url}/api/query`, id);
    const member = (h: string) =>
      insertUser(
        store,
        { email: `${h}@example.org`, handle: h, displayName: h, passwordHash: null, emailVerified: true, role: 'member' },
        now,
      );
    [ana, bob] = await Promise.all([member('ana'), member('bob')]);
  });
  afterAll(async () => {
    await arxiv.close();
    await store.close();
  });

  it('fetches an unknown paper from arXiv and puts it on today’s feed with the submitter', async () => {
    const first = await submit(ana, 'https://arxiv.org/abs/2602.01234v1');
    expect(first).toMatchObject({
      day: '2026-03-02',
      submittedBy: 'ana',
      created: true,
      paper: { id: '2602.01234', title: 'A <script>alert(1)</script> Fresh Result' },
    });
    expect(arxiv.requests.map((r) => r.params.id_list)).toEqual(['2602.01234']);
    expect(await feedEntryOf(store, '2602.01234')).toMatchObject({ source: 'submitted', submittedBy: 'ana', day: '2026-03-02' });
  });

  it('points a second submission to the first, without asking arXiv again', async () => {
    const second = await submit(bob, 'arXiv:2602.01234');
    expect(second).toMatchObject({ submittedBy: 'ana', created: false, day: '2026-03-02' });
    expect(arxiv.requests).toHaveLength(1);
  });

  it.each([
    ['not-an-id', 'invalid', '"not-an-id" is not an arXiv id: expected an arXiv id such as'],
    ['2712.00001', 'invalid', '2712.00001 cannot exist yet: arXiv has not issued ids for 2027-12'],
    [
      '2401.00001',
      'invalid',
      '2401.00001 was first published on 2024-01-01, more than 14 days ago; only recent papers can be submitted',
    ],
    ['2602.00666', 'invalid', '2602.00666 has been withdrawn by its authors'],
    ['2602.09999', 'not-found', 'arXiv has no paper 2602.09999'],
  ])('refuses %s with a clear message', async (input, kind, message) => {
    const error = await submit(ana, input).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind });
    expect((error as Error).message).toContain(message);
    expect(await feedEntryOf(store, input)).toBeNull();
    expect(await getPaper(store, input)).toBeNull();
  });

  it('writes nothing when arXiv is down', async () => {
    const down = await closedPortUrl();
    const http = client();
    const before = await countPapers(store);
    await expect(submit(ana, '2602.05555', (id) => fetchArxivPaper(http, down, id))).rejects.toMatchObject({
      kind: 'unavailable',
      message: 'arXiv could not be reached to look up 2602.05555; nothing was saved, please try again later',
    });
    expect(await countPapers(store)).toBe(before);
  });

  it('lets a fault in the lookup surface as itself, not as arXiv being unreachable', async () => {
    const before = await countPapers(store);
    const fault = new TypeError('lookup bug');
    await expect(
      submit(ana, '2602.05556', () => {
        throw fault;
      }),
    ).rejects.toBe(fault);
    expect(await countPapers(store)).toBe(before);
  });

  it('indexes a paper without featuring it', async () => {
    const paper = await indexPaper(store, '2401.00001', { lookup, now });
    expect(paper.title).toBe('An Old Paper');
    expect(await feedEntryOf(store, '2401.00001')).toBeNull();
    expect(await getPaper(store, '2602.00666')).toBeNull();
  });
});
