import { describe, expect, it } from 'vitest';
import { splitJsonDocument } from './json-split.ts';
import { readJsonRecords } from './json-records.ts';
import { chunked, collect, failingAfter } from './test-helpers.ts';

describe('splitJsonDocument', () => {
  it('splits an array fed one byte at a time, whatever its strings contain', async () => {
    const doc = '\uFEFF [ {"t": "a, [b] {c} \\" \\\\"}, [1, [2]], "é, ]", 3 ,{"n":null} ]\n';
    expect(await collect(splitJsonDocument(chunked(doc, 1)))).toEqual([
      { at: 1, key: null, value: { t: 'a, [b] {c} " \\' } },
      { at: 2, key: null, value: [1, [2]] },
      { at: 3, key: null, value: 'é, ]' },
      { at: 4, key: null, value: 3 },
      { at: 5, key: null, value: { n: null } },
    ]);
  });

  it('yields the members of a top-level object with their keys', async () => {
    const doc = '{\n  "2312.17653": {"title": "A, B"},\n  "x": [1]\n}\n';
    expect(await collect(splitJsonDocument(chunked(doc, 2)))).toEqual([
      { at: 1, key: '2312.17653', value: { title: 'A, B' } },
      { at: 2, key: 'x', value: [1] },
    ]);
  });

  it('yields nothing for [] and {}', async () => {
    expect(await collect(splitJsonDocument(chunked('[ ]')))).toEqual([]);
    expect(await collect(splitJsonDocument(chunked('{}')))).toEqual([]);
  });

  it('rejects a bad element and goes on with the next', async () => {
    const items = await collect(splitJsonDocument(chunked('[{"a": 1}, {"a": tru}, {"a": 3}]')));
    expect(items[0]).toEqual({ at: 1, key: null, value: { a: 1 } });
    expect(items[1]).toMatchObject({ at: 2, reason: expect.stringMatching(/^not JSON: /) });
    expect(items[2]).toEqual({ at: 3, key: null, value: { a: 3 } });
  });

  it('reports an array that is never closed, after its complete elements', async () => {
    expect(await collect(splitJsonDocument(chunked('[{"a": 1}, {"a": 2')))).toEqual([
      { at: 1, key: null, value: { a: 1 } },
      { at: 2, reason: 'input ends early: JSON array not closed' },
    ]);
  });

  it('reports text after the document and input that is not an array or object', async () => {
    expect(await collect(splitJsonDocument(chunked('[1] [2]')))).toEqual([
      { at: 1, key: null, value: 1 },
      { at: 2, reason: 'unexpected text after the end of the JSON document' },
    ]);
    expect(await collect(splitJsonDocument(chunked('"just a string"')))).toEqual([
      { at: 1, reason: 'not a JSON array or object' },
    ]);
  });

  it('skips an element over the size limit without keeping it', async () => {
    const doc = `[{"a": 1}, {"big": "${'x'.repeat(100)}"}, {"a": 3}]`;
    expect(await collect(splitJsonDocument(chunked(doc, 7), 50))).toEqual([
      { at: 1, key: null, value: { a: 1 } },
      { at: 2, reason: 'record longer than 50 bytes' },
      { at: 3, key: null, value: { a: 3 } },
    ]);
  });

  it('ends with the read error after the elements read', async () => {
    expect(await collect(splitJsonDocument(failingAfter('[1, 2, 3', new Error('boom'))))).toEqual([
      { at: 1, key: null, value: 1 },
      { at: 2, key: null, value: 2 },
      { at: 3, reason: 'read error: boom' },
    ]);
  });
});

describe('readJsonRecords layout', () => {
  it('reads a one-line object per line as JSON Lines', async () => {
    expect(await collect(readJsonRecords(chunked('{"a": 1}\n{"a": 2}\n')))).toEqual([
      { at: 1, key: null, value: { a: 1 } },
      { at: 2, key: null, value: { a: 2 } },
    ]);
  });

  it('reads a brace alone on the first line as one pretty-printed object', async () => {
    expect(await collect(readJsonRecords(chunked('{\n "k": {"a": 1}\n}\n', 1)))).toEqual([{ at: 1, key: 'k', value: { a: 1 } }]);
  });

  it('reads a leading [ as an array, however much space comes first', async () => {
    expect(await collect(readJsonRecords(chunked(`${' '.repeat(10_000)}[{"a": 1}]`, 100)))).toEqual([
      { at: 1, key: null, value: { a: 1 } },
    ]);
  });
});
