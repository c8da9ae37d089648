import { describe, expect, it } from 'vitest';
import { DocSlots, liveDocsOf } from './doc-slots.ts';

describe('slots by paper id', () => {
  // Slots 0–4 from a build (ids ascending), 5–6 re-added since (ids 20 and 40 again: 1 and 3 are dead), 7 new.
  const docIds = Float64Array.from([10, 20, 30, 40, 50, 20, 40, 35]);
  const dead = Uint8Array.from([0, 1, 0, 1, 0, 0, 0, 0]);

  it('keeps the live papers sorted by id, each with its slot, also when slots are out of id order', () => {
    const live = liveDocsOf(docIds, dead);
    expect(Array.from(live.docIds)).toEqual([10, 20, 30, 35, 40, 50]);
    expect(Array.from(live.slots)).toEqual([0, 5, 2, 7, 6, 4]);
    // Ids too large to pack with a slot into one float are sorted all the same.
    const large = liveDocsOf(Float64Array.from([2 ** 52, 7, 2 ** 51]), new Uint8Array(3));
    expect(Array.from(large.slots)).toEqual([1, 2, 0]);
  });

  it('finds slots in the sorted arrays and the changes made since', () => {
    const slots = new DocSlots(liveDocsOf(docIds, dead));
    expect([10, 20, 35, 40, 41].map((id) => slots.get(id))).toEqual([0, 5, 7, 6, undefined]);
    slots.delete(20);
    slots.set(10, 8);
    slots.set(60, 9);
    expect([10, 20, 60].map((id) => slots.get(id))).toEqual([8, undefined, 9]);
    slots.delete(60);
    slots.set(20, 10);
    expect([20, 60].map((id) => slots.get(id))).toEqual([10, undefined]);
    expect(new DocSlots().get(10)).toBeUndefined();
  });
});
