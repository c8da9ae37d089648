import { afterEach, describe, expect, it } from 'vitest';
import type { PaperRecord } from '../core/paper.ts';
import { PoliteHttpClient } from './http-client.ts';
import {
  OaiHarvestError,
  cursorKey,
  harvestArxiv,
  oaiSetForCategory,
  setsForCategories,
  type HarvestArxivOptions,
  type HarvestCursorStore,
  type HarvestRejection,
} from './arxiv-oai-harvester.ts';
import { fakeClock, fixture, send, startServer, type TestServer } from './testdata/live/test-server.ts';
import type { ServerResponse } from 'node:http';

const PAGE = [1, 2, 3].map((n) => fixture(`oai-cs-page${n}.xml`));
const NO_RECORDS = fixture('oai-no-records.xml');
const BAD_TOKEN = fixture('oai-bad-token.xml');
const token = (skip: number) =>
  `verb%3DListRecords%26metadataPrefix%3DarXiv%26set%3Dcs%26from%3D2015-01-16%26until%3D2015-01-18%26skip%3D${skip}`;
const TOKEN_2 = token(3);
const TOKEN_3 = token(6);
const IDS = [
  ['1101.4388', '1111.1546', '1207.1019'],
  ['1306.1076', '1306.5042', '1308.3822'],
  ['1309.7543', '1310.6119', '1311.5932'],
];
/** The deleted record is the 4th on page 3. */
const REJECTED_AT = 4;
const FIRST_REQUEST = { verb: 'ListRecords', metadataPrefix: 'arXiv', set: 'cs', from: '2015-01-16', until: '2015-01-18' };

class MemoryCursor implements HarvestCursorStore {
  readonly values = new Map<string, string>();
  readonly writes: string[] = [];
  async get(key: string) {
    return this.values.get(key) ?? null;
  }
  async set(key: string, value: string) {
    this.values.set(key, value);
    this.writes.push(value);
  }
  read(key: string): unknown {
    const value = this.values.get(key);
    return value === undefined ? undefined : JSON.parse(value);
  }
}

/** Which fixture page a request asks for: 1 without a token, else by the token's `skip`. */
function pageOf(params: Record<string, string>): number {
  const t = params.resumptionToken;
  return t === undefined ? 1 : t === TOKEN_2 ? 2 : t === TOKEN_3 ? 3 : 0;
}

type Script = (page: number, params: Record<string, string>, res: ServerResponse) => boolean;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves the three-page `cs` harvest; `script` may answer a request itself by returning true. */
async function oaiServer(script: Script = () => false): Promise<TestServer> {
  await server?.close();
  server = await startServer((req, res) => {
    const params = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
    const page = pageOf(params);
    if (script(page, params, res)) return;
    send(res, 200, page === 0 ? BAD_TOKEN : PAGE[page - 1]!);
  });
  return server;
}

function setup(overrides: Partial<HarvestArxivOptions> = {}) {
  const clock = fakeClock();
  const stored: PaperRecord[][] = [];
  const rejected: HarvestRejection[] = [];
  const cursor = new MemoryCursor();
  const events: string[] = [];
  const options = (): HarvestArxivOptions => ({
    client: new PoliteHttpClient({ minIntervalMs: 3000, maxAttempts: 3, sleep: clock.sleep, now: clock.now, random: () => 0 }),
    baseUrl: `${server!.url}/oai`,
    sets: ['cs'],
    from: '2015-01-16',
    until: '2015-01-18',
    cursor: {
      get: (key) => cursor.get(key),
      set: async (key, value) => {
        events.push('cursor');
        await cursor.set(key, value);
      },
    },
    onRecords: async (records, bad) => {
      events.push('store');
      stored.push(records);
      rejected.push(...bad);
    },
    ...overrides,
  });
  return { clock, stored, rejected, cursor, events, options };
}

const ids = (pages: PaperRecord[][]) => pages.map((p) => p.map((r) => r.id));

describe('harvestArxiv', () => {
  it('follows resumption tokens across three pages, politely, storing before moving the cursor', async () => {
    const s = await oaiServer();
    const h = setup();
    const summary = await harvestArxiv(h.options());

    expect(ids(h.stored)).toEqual(IDS);
    expect(h.stored[0]?.[0]).toMatchObject({
      id: '1101.4388',
      title: 'Reproducing Kernel Banach Spaces with the l1 Norm',
      authors: ['Guohui Song', 'Haizhang Zhang', 'Fred J. Hickernell'],
      categories: ['stat.ML', 'cs.LG', 'math.FA'],
      doi: '10.1016/j.acha.2012.03.009',
    });
    expect(h.rejected).toEqual([{ set: 'cs', page: 3, at: REJECTED_AT, reason: 'deleted at source: 1501.00001' }]);
    expect(s.requests.map((r) => r.params)).toEqual([
      FIRST_REQUEST,
      { verb: 'ListRecords', resumptionToken: TOKEN_2 },
      { verb: 'ListRecords', resumptionToken: TOKEN_3 },
    ]);
    expect(s.requests.every((r) => r.path === '/oai')).toBe(true);
    expect(h.clock.sleeps).toEqual([3000, 3000]);
    expect(h.events).toEqual(['store', 'cursor', 'store', 'cursor', 'store', 'cursor']);
    expect(h.cursor.writes.map((w) => JSON.parse(w))).toEqual([
      { set: 'cs', resumptionToken: TOKEN_2, from: '2015-01-16', until: '2015-01-18' },
      { set: 'cs', resumptionToken: TOKEN_3, from: '2015-01-16', until: '2015-01-18' },
      { set: 'cs', resumptionToken: null, from: '2015-01-18', until: null },
    ]);
    expect(summary).toEqual({
      pages: 3,
      records: 9,
      rejected: 1,
      skipped: 0,
      sets: [
        { set: 'cs', from: '2015-01-16', until: '2015-01-18', resumed: false, pages: 3, records: 9, rejected: 1, skipped: 0 },
      ],
    });
  });

  it('keeps only the wanted categories, deriving the set from them', async () => {
    const s = await oaiServer();
    const h = setup({ sets: undefined, categories: ['cs.DS', 'cs.IT'] });
    const summary = await harvestArxiv(h.options());
    expect(ids(h.stored)).toEqual([['1111.1546'], ['1306.1076', '1308.3822'], ['1309.7543']]);
    expect(s.requests[0]?.params).toEqual(FIRST_REQUEST);
    expect(summary).toMatchObject({ pages: 3, records: 4, skipped: 5 });
    expect(h.cursor.read('arxiv-oai:cs:cs.DS,cs.IT')).toEqual({
      set: 'cs',
      resumptionToken: null,
      from: '2015-01-18',
      until: null,
    });
  });

  it('continues from the last completed day, overlapping it, and treats noRecordsMatch as empty success', async () => {
    const s = await oaiServer((_page, _params, res) => (send(res, 200, NO_RECORDS), true));
    const h = setup({ sets: undefined, categories: ['hep-lat'], from: undefined, until: undefined, today: () => '2015-01-20' });
    const key = 'arxiv-oai:physics:hep-lat:hep-lat';
    await h.cursor.set(key, JSON.stringify({ set: 'physics:hep-lat', resumptionToken: null, from: '2015-01-17', until: null }));
    const summary = await harvestArxiv(h.options());
    expect(s.requests.map((r) => r.params)).toEqual([
      { verb: 'ListRecords', metadataPrefix: 'arXiv', set: 'physics:hep-lat', from: '2015-01-17', until: '2015-01-20' },
    ]);
    expect(h.stored).toEqual([]);
    expect(summary).toMatchObject({ pages: 1, records: 0, rejected: 0 });
    expect(h.cursor.read(key)).toEqual({ set: 'physics:hep-lat', resumptionToken: null, from: '2015-01-20', until: null });
  });

  it('reaches lookbackDays back on a first run without from', async () => {
    const s = await oaiServer((_page, _params, res) => (send(res, 200, NO_RECORDS), true));
    const h = setup({ from: undefined, until: undefined, today: () => '2015-01-20', lookbackDays: 3 });
    await harvestArxiv(h.options());
    expect(s.requests[0]?.params).toMatchObject({ from: '2015-01-17', until: '2015-01-20' });
  });

  it('restarts the set from its from-date on badResumptionToken', async () => {
    const s = await oaiServer();
    const h = setup({ from: undefined, until: undefined, today: () => '2015-01-18' });
    const stale = { set: 'cs', resumptionToken: 'expired-token', from: '2015-01-16', until: '2015-01-18' };
    await h.cursor.set('arxiv-oai:cs', JSON.stringify(stale));
    const summary = await harvestArxiv(h.options());
    expect(s.requests.map((r) => r.params)).toEqual([
      { verb: 'ListRecords', resumptionToken: 'expired-token' },
      FIRST_REQUEST,
      { verb: 'ListRecords', resumptionToken: TOKEN_2 },
      { verb: 'ListRecords', resumptionToken: TOKEN_3 },
    ]);
    expect(ids(h.stored)).toEqual(IDS);
    expect(summary.sets[0]).toMatchObject({ resumed: true, pages: 3, records: 9 });
  });

  it('after finishing an interrupted window, catches up to today', async () => {
    const s = await oaiServer(
      (page, params, res) => page === 1 && params.from === '2015-01-18' && (send(res, 200, NO_RECORDS), true),
    );
    const h = setup({ from: undefined, until: undefined, today: () => '2015-01-19' });
    await h.cursor.set(
      'arxiv-oai:cs',
      JSON.stringify({ set: 'cs', resumptionToken: TOKEN_2, from: '2015-01-16', until: '2015-01-18' }),
    );
    await harvestArxiv(h.options());
    expect(s.requests.map((r) => r.params)).toEqual([
      { verb: 'ListRecords', resumptionToken: TOKEN_2 },
      { verb: 'ListRecords', resumptionToken: TOKEN_3 },
      { verb: 'ListRecords', metadataPrefix: 'arXiv', set: 'cs', from: '2015-01-18', until: '2015-01-19' },
    ]);
    expect(ids(h.stored)).toEqual(IDS.slice(1));
    expect(h.cursor.read('arxiv-oai:cs')).toEqual({ set: 'cs', resumptionToken: null, from: '2015-01-19', until: null });
  });

  it('refetches a page whose XML is cut short once, and completes', async () => {
    let broken = 0;
    const s = await oaiServer((page, _params, res) => {
      if (page !== 2 || broken++ > 0) return false;
      send(res, 200, PAGE[1]!.slice(0, 2500)); // 200 OK with a well-delimited but truncated document
      return true;
    });
    const h = setup();
    const summary = await harvestArxiv(h.options());
    expect(ids(h.stored)).toEqual(IDS);
    expect(s.requests.map((r) => r.params.resumptionToken ?? 'first')).toEqual(['first', TOKEN_2, TOKEN_2, TOKEN_3]);
    expect(summary).toMatchObject({ pages: 3, records: 9 });
  });

  it('stops after maxPageAttempts of malformed XML, keeping page 1, and a rerun resumes from page 2', async () => {
    await oaiServer((page, _params, res) => page === 2 && (send(res, 200, PAGE[1]!.slice(0, 2500)), true));
    const h = setup({ maxPageAttempts: 3 });
    const error = await harvestArxiv(h.options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OaiHarvestError);
    expect(error).toMatchObject({ set: 'cs', code: 'malformedXml' });
    expect((error as Error).message).toMatch(/malformed OAI-PMH page .* after 3 attempts/);
    expect(server!.requests.map((r) => pageOf(r.params))).toEqual([1, 2, 2, 2]);
    expect(ids(h.stored)).toEqual([IDS[0]]);
    expect(h.cursor.read('arxiv-oai:cs')).toEqual({
      set: 'cs',
      resumptionToken: TOKEN_2,
      from: '2015-01-16',
      until: '2015-01-18',
    });

    const healthy = await oaiServer();
    const summary = await harvestArxiv(h.options());
    expect(healthy.requests.map((r) => r.params)).toEqual([
      { verb: 'ListRecords', resumptionToken: TOKEN_2 },
      { verb: 'ListRecords', resumptionToken: TOKEN_3 },
    ]);
    expect(ids(h.stored)).toEqual(IDS);
    expect(summary.sets[0]).toMatchObject({ resumed: true, pages: 2, records: 6 });
  });

  it('does not move the cursor past a page the store failed to keep', async () => {
    await oaiServer();
    const h = setup();
    let calls = 0;
    const failing = h.options();
    const error = await harvestArxiv({
      ...failing,
      onRecords: async (records, bad) => {
        if (++calls === 2) throw new Error('database is locked');
        await failing.onRecords(records, bad);
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('database is locked');
    expect(h.cursor.read('arxiv-oai:cs')).toMatchObject({ resumptionToken: TOKEN_2 });
    await harvestArxiv(h.options());
    expect(ids(h.stored)).toEqual(IDS);
  });

  it('waits out a 503 Retry-After mid-harvest', async () => {
    let busy = 0;
    await oaiServer(
      (page, _params, res) => page === 2 && busy++ === 0 && (send(res, 503, 'Retry later', { 'retry-after': '5' }), true),
    );
    const h = setup();
    await harvestArxiv(h.options());
    expect(ids(h.stored)).toEqual(IDS);
    expect(h.clock.sleeps).toEqual([3000, 5000, 3000]);
  });

  it('fails on any other OAI-PMH error, with its code', async () => {
    await oaiServer((_page, _params, res) => {
      send(res, 200, BAD_TOKEN.replace('badResumptionToken', 'badArgument'));
      return true;
    });
    const h = setup();
    const error = await harvestArxiv(h.options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OaiHarvestError);
    expect(error).toMatchObject({ code: 'badArgument', set: 'cs' });
    expect(h.cursor.writes).toEqual([]);
  });
});

describe('OAI sets', () => {
  it('maps categories to the sets arXiv files them under', () => {
    expect(oaiSetForCategory('cs.CL')).toBe('cs');
    expect(oaiSetForCategory('math.AG')).toBe('math');
    expect(oaiSetForCategory('stat.ML')).toBe('stat');
    expect(oaiSetForCategory('q-bio.NC')).toBe('q-bio');
    expect(oaiSetForCategory('hep-th')).toBe('physics:hep-th');
    expect(oaiSetForCategory('astro-ph.GA')).toBe('physics:astro-ph');
    expect(oaiSetForCategory('physics.flu-dyn')).toBe('physics:physics');
    expect(setsForCategories(['cs.CL', 'cs.LG', 'eess.AS', 'quant-ph'])).toEqual(['cs', 'eess', 'physics:quant-ph']);
  });

  it('keys progress by set and the categories filtered within it', () => {
    expect(cursorKey('cs', ['cs.LG', 'math.AG', 'cs.CL'])).toBe('arxiv-oai:cs:cs.CL,cs.LG');
    expect(cursorKey('cs', [])).toBe('arxiv-oai:cs');
    expect(cursorKey(null, [])).toBe('arxiv-oai:*');
  });
});
