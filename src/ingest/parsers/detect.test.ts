import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FORMAT_OPTIONS, FormatDetectionError, IMPORT_FORMATS, openImportStream } from './detect.ts';
import { chunked, collect, failingAfter, fixture, fixturePath, jsonl, outline } from './test-helpers.ts';

describe('openImportStream: detection', () => {
  it.each([
    ['arxiv-listing.jsonl', 'arxiv-listing', '2503.11742'],
    ['kaggle.jsonl', 'kaggle', '0704.0001'],
    ['hf-daily-api.json', 'hf-daily', '2508.13167'],
    ['hf-daily-flat.jsonl', 'hf-daily', '2311.10122'],
    ['hf-paperexplorer.json', 'hf-daily', '2312.17653'],
    ['beir-corpus.jsonl', 'beir', '4983'],
    ['atom-current.xml', 'atom', '1605.08386'],
    ['atom-legacy.xml', 'atom', '1111.2011'],
    ['oai-listrecords.xml', 'oai-pmh', '1101.4388'],
    ['oai-getrecord-no-namespace.xml', 'oai-pmh', '0804.2273'],
  ])('detects %s as %s and parses it from the first byte', async (name, format, firstId) => {
    const opened = await openImportStream(fixture(name));
    expect(opened.format).toBe(format);
    const items = await collect(opened.items);
    expect(outline(items)[0]).toEqual([1, firstId]);
  });

  it('gunzips by magic bytes, detected or named format alike', async () => {
    const plain = await collect((await openImportStream(fixture('kaggle.jsonl'))).items);
    const gz = gzipSync(readFileSync(fixturePath('kaggle.jsonl')));
    const auto = await openImportStream(chunked(gz, 10));
    expect(auto.format).toBe('kaggle');
    expect(await collect(auto.items)).toEqual(plain);
    expect(await collect((await openImportStream(chunked(gz), 'kaggle')).items)).toEqual(plain);
  });

  it('uses the named format without sniffing', async () => {
    const opened = await openImportStream(fixture('beir-corpus.jsonl'), 'arxiv-listing');
    expect(opened.format).toBe('arxiv-listing');
    expect(outline(await collect(opened.items))[0]).toEqual([1, 'rejected: missing field "id"']);
  });

  it('looks past a first line that is not JSON', async () => {
    const opened = await openImportStream(chunked(jsonl('{"oops', { id: '2401.00001', title: 'T', summary: 'S' })));
    expect(opened.format).toBe('arxiv-listing');
    expect(outline(await collect(opened.items))).toEqual([
      [1, 'rejected: not JSON: Unterminated string in JSON at position 6'],
      [2, '2401.00001'],
    ]);
  });

  it('yields nothing for an empty input, plain or gzipped', async () => {
    for (const input of [chunked(''), chunked(' \n\n'), chunked(gzipSync(''))]) {
      const opened = await openImportStream(input);
      expect(opened.format).toBeNull();
      expect(await collect(opened.items)).toEqual([]);
    }
    const named = await openImportStream(chunked(''), 'oai-pmh');
    expect(named.format).toBe('oai-pmh');
    expect(await collect(named.items)).toEqual([]);
  });

  it('explains what it saw when it cannot tell', async () => {
    await expect(openImportStream(chunked('{"foo": 1, "bar": 2}\n'))).rejects.toThrow(
      new FormatDetectionError('cannot detect the format: the first record has fields foo, bar; pass --format'),
    );
    await expect(openImportStream(chunked('id,title\n1,x\n'))).rejects.toThrow(/starts with "id,title\\n1,x\\n"/);
    await expect(openImportStream(chunked('<rss><channel/></rss>'))).rejects.toThrow(/neither an Atom <feed> nor an <OAI-PMH>/);
  });

  it('gives up on a first line too long to sniff rather than holding it', async () => {
    const filler = Buffer.alloc(1024 * 1024, 'x');
    async function* source(): AsyncGenerator<Buffer> {
      yield Buffer.from('{"id": "');
      for (let i = 0; i < 50; i++) yield filler;
      yield Buffer.from('"}\n{"id": "2401.00001", "title": "T"}\n');
    }
    await expect(openImportStream(source())).rejects.toThrow(
      'cannot detect the format: record 1: line longer than 8 MiB; pass --format',
    );
    // Named, the same input is read past the long line.
    const named = await openImportStream(source(), 'arxiv-listing');
    expect(outline(await collect(named.items))).toEqual([
      [1, 'rejected: line longer than 8 MiB'],
      [2, '2401.00001'],
    ]);
  });

  it('closes the input when it gives up', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        // Far more than detection reads: only closing can run this finally.
        for (let i = 0; i < 1000; i++) yield Buffer.from(`{"foo": "${'x'.repeat(100_000)}"}\n`);
      } finally {
        closed = true;
      }
    }
    await expect(openImportStream(source())).rejects.toThrow(FormatDetectionError);
    expect(closed).toBe(true);
  });

  it('lists the formats for --format', () => {
    expect(FORMAT_OPTIONS).toEqual(['auto', 'arxiv-listing', 'kaggle', 'hf-daily', 'beir', 'atom', 'oai-pmh']);
    expect(IMPORT_FORMATS).toHaveLength(6);
  });
});

describe('openImportStream: damaged input', () => {
  const lines = Array.from({ length: 2000 }, (_, i) =>
    JSON.stringify({ id: `2401.${String(i + 1).padStart(5, '0')}`, title: `Paper ${i + 1} ${'lorem ipsum '.repeat(i % 7)}` }),
  );
  const gz = gzipSync(`${lines.join('\n')}\n`);
  const truncated = gz.subarray(0, Math.floor(gz.length / 2));

  it.each(['auto', 'arxiv-listing'] as const)(
    'a truncated gzip (%s) yields every complete line, then says it ended early',
    async (format) => {
      const items = await collect((await openImportStream(chunked(truncated, 4096), format)).items);
      const last = items.at(-1)!;
      const complete = items.slice(0, -1);
      expect(complete.length).toBeGreaterThan(100);
      // Lines 1..k with nothing lost, then the report on line k+1, the one cut in half.
      expect(complete.map((item) => item.kind === 'record' && item.record.id)).toEqual(
        lines.slice(0, complete.length).map((line) => (JSON.parse(line) as { id: string }).id),
      );
      expect(last).toEqual({ kind: 'rejected', at: complete.length + 1, reason: 'input ends early: truncated gzip' });
    },
  );

  it('a truncated gzip XML file yields the entries before the cut', async () => {
    const entries = Array.from(
      { length: 500 },
      (_, i) =>
        `<entry><id>http://arxiv.org/abs/2401.${String(i + 1).padStart(5, '0')}v1</id><title>Paper ${i + 1}</title></entry>`,
    );
    const xml = gzipSync(`<feed xmlns="http://www.w3.org/2005/Atom">${entries.join('\n')}</feed>`);
    const items = await collect((await openImportStream(chunked(xml.subarray(0, xml.length - 40)))).items);
    expect(items.at(-1)).toEqual({ kind: 'rejected', at: items.length, reason: 'input ends early: truncated gzip' });
    expect(items.length).toBeGreaterThan(400);
  });

  it('a read error before any byte: a rejection with the named format, an error for auto', async () => {
    const named = await openImportStream(failingAfter('', new Error('EACCES: permission denied')), 'kaggle');
    expect(await collect(named.items)).toEqual([{ kind: 'rejected', at: 1, reason: 'read error: EACCES: permission denied' }]);
    await expect(openImportStream(failingAfter('', new Error('EACCES: permission denied')))).rejects.toThrow(
      'cannot detect the format: read error: EACCES: permission denied',
    );
  });
});
