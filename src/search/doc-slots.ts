/*
 * Which slot holds each live paper, by its database id. A snapshot keeps the live papers sorted
 * by id in two arrays, searched by halving, so a load builds no map of a million entries (a
 * quarter of a second at a million papers); papers added or removed since go into a map beside.
 */

/** The live papers sorted by id, each with its slot. */
export interface LiveDocs {
  docIds: Float64Array;
  slots: Int32Array;
}

const NONE: LiveDocs = { docIds: new Float64Array(0), slots: new Int32Array(0) };
/** Marks in `changed` a paper of the sorted arrays that is no longer live. */
const REMOVED = -1;

export class DocSlots {
  /** Changes since the sorted arrays: a paper's new slot, or REMOVED. */
  private readonly changed = new Map<number, number>();

  constructor(private readonly sorted: LiveDocs = NONE) {}

  get(docId: number): number | undefined {
    const slot = this.changed.get(docId) ?? this.find(docId);
    return slot === REMOVED ? undefined : slot;
  }

  set(docId: number, slot: number): void {
    this.changed.set(docId, slot);
  }

  delete(docId: number): void {
    if (this.find(docId) === undefined) this.changed.delete(docId);
    else this.changed.set(docId, REMOVED);
  }

  private find(docId: number): number | undefined {
    const { docIds, slots } = this.sorted;
    let low = 0;
    let high = docIds.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const found = docIds[mid]!;
      if (found === docId) return slots[mid]!;
      if (found < docId) low = mid + 1;
      else high = mid - 1;
    }
    return undefined;
  }
}

/** The live slots (dead[slot] === 0) sorted by paper id: what a snapshot keeps. */
export function liveDocsOf(docIds: Float64Array, dead: Uint8Array): LiveDocs {
  const live: number[] = [];
  let ascending = true;
  for (let slot = 0; slot < docIds.length; slot++) {
    if (dead[slot] !== 0) continue;
    if (live.length > 0 && docIds[slot]! < docIds[live[live.length - 1]!]!) ascending = false;
    live.push(slot);
  }
  const slots = Int32Array.from(live);
  // A build hands out slots in id order; papers re-added since come later, out of it.
  if (!ascending) sortByDocId(slots, docIds);
  const sortedIds = new Float64Array(slots.length);
  for (let i = 0; i < slots.length; i++) sortedIds[i] = docIds[slots[i]!]!;
  return { docIds: sortedIds, slots };
}

/** Sorts slots by their paper ids: each packed with its id into one float when they fit (a sort without a comparator). */
function sortByDocId(slots: Int32Array, docIds: Float64Array): void {
  const width = 2 ** Math.ceil(Math.log2(docIds.length + 1));
  let maxId = 0;
  for (const slot of slots) maxId = Math.max(maxId, docIds[slot]!);
  if (
    !Number.isSafeInteger((maxId + 1) * width) ||
    !slots.every((slot) => Number.isInteger(docIds[slot]!) && docIds[slot]! >= 0)
  ) {
    slots.sort((a, b) => docIds[a]! - docIds[b]!);
    return;
  }
  const keys = new Float64Array(slots.length);
  for (let i = 0; i < slots.length; i++) keys[i] = docIds[slots[i]!]! * width + slots[i]!;
  keys.sort();
  for (let i = 0; i < keys.length; i++) slots[i] = keys[i]! % width;
}
