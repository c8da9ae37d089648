import { describe, expect, it } from 'vitest';
import { BLOCK, listEnd, listOf, PostingCursor, type PostingSegment, PostingsWriter } from './postings.ts';

/** Park–Miller: the same lists on every run. */
function random(seed: number) {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

const packed = (title: number, abstract: number, authors: number) => title | (abstract << 8) | (authors << 20);

/** Frequencies of every class: the three common ones, small codes, and large values (saturated fields). */
const TFS = [
  packed(0, 1, 0),
  packed(0, 2, 0),
  packed(0, 0, 1),
  packed(1, 1, 0),
  packed(3, 15, 1),
  packed(4, 0, 0),
  packed(0, 16, 0),
  packed(0, 0, 2),
  packed(255, 4095, 255),
];

interface List {
  slots: number[];
  tfs: number[];
}

function randomList(next: () => number, length: number, maxGap: number): List {
  const slots: number[] = [];
  const tfs: number[] = [];
  let slot = -1;
  for (let i = 0; i < length; i++) {
    slot += 1 + Math.floor(next() * maxGap);
    slots.push(slot);
    tfs.push(TFS[Math.floor(next() * TFS.length)]!);
  }
  return { slots, tfs };
}

function encode(lists: List[]): PostingSegment {
  const writer = new PostingsWriter();
  for (const { slots, tfs } of lists) {
    writer.startList();
    slots.forEach((slot, i) => writer.add(slot, tfs[i]!));
    writer.endList();
  }
  return writer.finish();
}

function decode(segment: PostingSegment, term: number, added?: List): List {
  const cursor = new PostingCursor().open(segment, term, added);
  const out: List = { slots: [], tfs: [] };
  while (cursor.next()) {
    out.slots.push(cursor.slot);
    out.tfs.push(cursor.tf);
  }
  return out;
}

describe('compressed postings', () => {
  const next = random(7);
  // Empty, one posting, exactly a block, a block and one, long lists with small and huge gaps (to 2^29).
  const lists = [
    { slots: [], tfs: [] },
    randomList(next, 1, 10),
    randomList(next, BLOCK, 3),
    randomList(next, BLOCK + 1, 40),
    randomList(next, 5_000, 2),
    randomList(next, 700, 700_000),
    { slots: [2 ** 29 - 2], tfs: [packed(1, 0, 0)] },
  ];
  const segment = encode(lists);

  it('decodes every list exactly as written, term by term, then the postings added after it', () => {
    lists.forEach((list, term) => expect(decode(segment, term)).toEqual(list));
    const added = { slots: [2 ** 29, 2 ** 29 + 5], tfs: [packed(0, 1, 0), packed(7, 7, 7)] };
    expect(decode(segment, 1, added)).toEqual({
      slots: [...lists[1]!.slots, ...added.slots],
      tfs: [...lists[1]!.tfs, ...added.tfs],
    });
    // A term the segment does not hold (added after the build) has only its added postings.
    expect(decode(segment, lists.length, added)).toEqual(added);
    expect(decode(segment, -1)).toEqual({ slots: [], tfs: [] });
  });

  it('takes about 1.5 bytes a posting for dense lists of common frequencies, with a skip entry per block', () => {
    const dense = encode([{ slots: Array.from({ length: 1280 }, (_, i) => i * 3), tfs: Array(1280).fill(packed(0, 1, 0)) }]);
    expect(dense.bytes.length).toBe(1280);
    expect(dense.skipSlots.length).toBe(9);
    expect(Array.from(dense.skipSlots.subarray(0, 2))).toEqual([127 * 3, 255 * 3]);
    expect(Array.from(dense.skipOffsets.subarray(0, 2))).toEqual([128, 256]);
  });

  it('skips to the block that may hold a slot, so decoding from there finds it or passes it', () => {
    const term = 4;
    const { slots, tfs } = lists[term]!;
    const cursor = new PostingCursor();
    for (const at of [0, 1, 127, 128, 129, 2_500, 4_999]) {
      cursor.open(segment, term, undefined).skipTowards(segment, term, slots[at]!);
      let steps = 0;
      while (cursor.next() && cursor.slot < slots[at]!) steps++;
      expect([cursor.slot, cursor.tf]).toEqual([slots[at], tfs[at]]);
      expect(steps).toBeLessThan(BLOCK);
    }
  });

  it('continues an encoded list from its end: the same bytes and skips as encoding it whole', () => {
    const whole = randomList(next, 3 * BLOCK + 17, 50);
    const cut = 2 * BLOCK + 5;
    const head = encode([{ slots: whole.slots.slice(0, cut), tfs: whole.tfs.slice(0, cut) }]);
    const headList = listOf(head, 0);
    expect(listEnd(headList)).toEqual({ lastSlot: whole.slots[cut - 1], count: cut });

    const writer = new PostingsWriter();
    writer.continueList(whole.slots[cut - 1]!, cut, headList.bytes.length);
    for (let i = cut; i < whole.slots.length; i++) writer.add(whole.slots[i]!, whole.tfs[i]!);
    writer.endList();
    const tail = listOf(writer.finish(), 0);

    const expected = listOf(encode([whole]), 0);
    expect([...headList.bytes, ...tail.bytes]).toEqual([...expected.bytes]);
    expect([...headList.skipSlots, ...tail.skipSlots]).toEqual([...expected.skipSlots]);
    expect([...headList.skipOffsets, ...tail.skipOffsets]).toEqual([...expected.skipOffsets]);
  });

  it('refuses slots out of order or from 2^29 - 1 (the gap, up to slot + 1, is shifted left by two in 31 bits)', () => {
    const writer = new PostingsWriter();
    writer.startList();
    writer.add(5, packed(0, 1, 0));
    expect(() => writer.add(5, packed(0, 1, 0))).toThrow('posting slot 5 is not above 5 and below 2^29 - 1');
    expect(() => writer.add(2 ** 29 - 1, packed(0, 1, 0))).toThrow('posting slot 536870911 is not above 5 and below 2^29 - 1');
  });
});
