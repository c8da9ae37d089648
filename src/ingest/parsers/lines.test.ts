import { describe, expect, it } from 'vitest';
import { parseArxivListing } from './arxiv-listing.ts';
import { MAX_LINE_BYTES, readLines } from './lines.ts';
import { chunked, collect, failingAfter, jsonl, outline } from './test-helpers.ts';

describe('readLines', () => {
  it('numbers lines from 1, skips blank ones, strips CR and a BOM, keeps the last line without a break', async () => {
    const text = '\uFEFFfirst\r\n\n  \nsecond é\nthird';
    // One byte per chunk splits the CRLF and the two bytes of "é".
    expect(await collect(readLines(chunked(text, 1)))).toEqual([
      { kind: 'line', n: 1, text: 'first' },
      { kind: 'line', n: 4, text: 'second é' },
      { kind: 'line', n: 5, text: 'third' },
    ]);
  });

  it('yields nothing for an empty input', async () => {
    expect(await collect(readLines(chunked('')))).toEqual([]);
  });

  it('skips a line over the limit and goes on, counting it', async () => {
    const text = `short\n${'x'.repeat(25)}\n${'y'.repeat(10)}\n${'z'.repeat(11)}`;
    expect(await collect(readLines(chunked(text, 3), 10))).toEqual([
      { kind: 'line', n: 1, text: 'short' },
      { kind: 'too-long', n: 2 },
      { kind: 'line', n: 3, text: 'yyyyyyyyyy' },
      { kind: 'too-long', n: 4 },
    ]);
  });

  it('ends with a read error on the unfinished line, after every complete line', async () => {
    const events = await collect(readLines(failingAfter('a\nb\nhalf a li', new Error('EIO: disk gone'))));
    expect(events).toEqual([
      { kind: 'line', n: 1, text: 'a' },
      { kind: 'line', n: 2, text: 'b' },
      { kind: 'read-error', n: 3, reason: 'read error: EIO: disk gone' },
    ]);
  });
});

describe('a 50 MB line in JSON Lines', () => {
  it('is rejected without being buffered, and the lines around it are read', async () => {
    const before = jsonl({ id: '2401.00001', title: 'Before' });
    const after = jsonl({ id: '2401.00003', title: 'After' });
    const filler = Buffer.alloc(1024 * 1024, 'x');
    let peak = 0;
    const sample = () => {
      const { heapUsed, arrayBuffers } = process.memoryUsage();
      peak = Math.max(peak, heapUsed + arrayBuffers);
    };
    async function* source(): AsyncGenerator<Buffer> {
      yield Buffer.from(before);
      yield Buffer.from('{"id": "2401.00002", "title": "');
      // 50 MiB of one line; the same chunk object each time, so the source itself adds nothing.
      for (let i = 0; i < 50; i++) {
        sample();
        yield filler;
      }
      yield Buffer.from(`"}\n${after}`);
    }
    sample();
    const baseline = peak;
    const items = [];
    for await (const item of parseArxivListing(source())) {
      sample();
      items.push(item);
    }
    // At most the 8 MiB limit is held (as views of the chunks), never the 50 MiB line.
    expect(peak - baseline).toBeLessThan(32 * 1024 * 1024);
    expect(outline(items)).toEqual([
      [1, '2401.00001'],
      [2, 'rejected: line longer than 8 MiB'],
      [3, '2401.00003'],
    ]);
    expect(MAX_LINE_BYTES).toBe(8 * 1024 * 1024);
  });
});
