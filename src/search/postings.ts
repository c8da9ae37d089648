/*
 * Compressed postings: each term's papers as one byte stream, ascending by slot, decoded as
 * the scoring loops walk it. A posting is one variable-byte integer (7 bits a byte, low bits
 * first, the high bit saying another byte follows): the gap from the previous slot times 4,
 * plus a class of its packed field frequencies. The three commonest frequencies (abstract
 * once, abstract twice, authors once: 87 % of arXiv's postings) are classes 0–2 and need
 * nothing more; class 3 is followed by a second integer, the frequencies in 7 bits when they
 * are small (title < 4, abstract < 16, authors < 2) or else 128 + the packed value. On the
 * arXiv listings that is 1.46 bytes a posting, where two Int32Arrays took 8. Every 128
 * postings a skip entry (the slot before the next block, and where that block starts) lets
 * one paper's frequencies be found without decoding the whole list.
 */

// Term frequencies of the three fields packed in one int: title 8 bits, abstract 12, authors 8.
export const TITLE_MAX = 0xff;
export const ABSTRACT_MAX = 0xfff;
export const AUTHORS_MAX = 0xff;
export const ABSTRACT_SHIFT = 8;
export const AUTHORS_SHIFT = 20;

/** Postings between two skip entries. */
export const BLOCK = 128;

/** The packed frequencies of classes 0, 1 and 2. */
const CLASS_TFS = [1 << ABSTRACT_SHIFT, 2 << ABSTRACT_SHIFT, 1 << AUTHORS_SHIFT];
/** A 7-bit small code (abstract 4 bits, title 2, authors 1) → packed frequencies. */
const SMALL_TFS = Int32Array.from({ length: 128 }, (_, code) => packedOf((code >>> 4) & 3, code & 15, code >>> 6));
/** Gaps (up to the slot + 1) are shifted left by 2 in a 31-bit integer. */
const MAX_SLOT = 2 ** 29 - 2;

function packedOf(title: number, abstract: number, authors: number): number {
  return title | (abstract << ABSTRACT_SHIFT) | (authors << AUTHORS_SHIFT);
}

/** All terms' postings: per term t, bytes [starts[t], starts[t+1]) and skips [skipStarts[t], skipStarts[t+1]). */
export interface PostingSegment {
  bytes: Uint8Array;
  starts: Uint32Array;
  /** Per skip: the slot of the posting before its block (where decoding resumes). */
  skipSlots: Int32Array;
  /** Per skip: where its block starts, from the start of its term's bytes. */
  skipOffsets: Uint32Array;
  skipStarts: Uint32Array;
}

export const EMPTY_SEGMENT: PostingSegment = {
  bytes: new Uint8Array(0),
  starts: new Uint32Array(1),
  skipSlots: new Int32Array(0),
  skipOffsets: new Uint32Array(0),
  skipStarts: new Uint32Array(1),
};

/** One term's encoded list: its bytes and skip entries, as a segment holds them. */
export interface EncodedList {
  bytes: Uint8Array;
  skipSlots: Int32Array;
  skipOffsets: Uint32Array;
}

/** The list of `term` in the segment, as views (no copy). */
export function listOf(segment: PostingSegment, term: number): EncodedList {
  if (term + 1 >= segment.starts.length) return EMPTY_SEGMENT;
  return {
    bytes: segment.bytes.subarray(segment.starts[term]!, segment.starts[term + 1]!),
    skipSlots: segment.skipSlots.subarray(segment.skipStarts[term]!, segment.skipStarts[term + 1]!),
    skipOffsets: segment.skipOffsets.subarray(segment.skipStarts[term]!, segment.skipStarts[term + 1]!),
  };
}

/**
 * Encodes lists term after term into growing buffers. A list may also continue one encoded
 * before (`continueList`): a snapshot appends the postings added since a build that way,
 * without decoding what the build encoded.
 */
export class PostingsWriter {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  private skipSlots = new Int32Array(1024);
  private skipOffsets = new Uint32Array(1024);
  private skipCount = 0;
  private listStart = 0;
  private listCount = 0;
  private last = -1;
  private readonly termStarts: number[] = [0];
  private readonly termSkipStarts: number[] = [0];

  /** Starts the next term's list. */
  startList(): void {
    this.continueList(-1, 0, 0);
  }

  /**
   * Starts a list that continues one already encoded elsewhere: its last slot, how many
   * postings it holds and how many bytes, so gaps and skip entries follow on from it.
   */
  continueList(lastSlot: number, count: number, byteLength: number): void {
    this.listStart = this.used - byteLength;
    this.listCount = count;
    this.last = lastSlot;
  }

  add(slot: number, tf: number): void {
    if (!(slot > this.last && slot <= MAX_SLOT))
      throw new Error(`posting slot ${slot} is not above ${this.last} and below 2^29 - 1`);
    if (this.listCount > 0 && this.listCount % BLOCK === 0) this.addSkip();
    const cls = tf === CLASS_TFS[0] ? 0 : tf === CLASS_TFS[1] ? 1 : tf === CLASS_TFS[2] ? 2 : 3;
    this.writeVarint(((slot - this.last) << 2) | cls);
    if (cls === 3) {
      const title = tf & TITLE_MAX;
      const abstract = (tf >>> ABSTRACT_SHIFT) & ABSTRACT_MAX;
      const authors = tf >>> AUTHORS_SHIFT;
      this.writeVarint(title < 4 && abstract < 16 && authors < 2 ? abstract | (title << 4) | (authors << 6) : 128 + tf);
    }
    this.last = slot;
    this.listCount++;
  }

  /** Closes the current term's list. */
  endList(): void {
    this.termStarts.push(this.used);
    this.termSkipStarts.push(this.skipCount);
  }

  /** Everything written, in arrays of their exact sizes. */
  finish(): PostingSegment {
    return {
      bytes: this.bytes.slice(0, this.used),
      starts: Uint32Array.from(this.termStarts),
      skipSlots: this.skipSlots.slice(0, this.skipCount),
      skipOffsets: this.skipOffsets.slice(0, this.skipCount),
      skipStarts: Uint32Array.from(this.termSkipStarts),
    };
  }

  private addSkip(): void {
    if (this.skipCount === this.skipSlots.length) {
      this.skipSlots = grown(this.skipSlots, new Int32Array(this.skipCount * 2));
      this.skipOffsets = grown(this.skipOffsets, new Uint32Array(this.skipCount * 2));
    }
    this.skipSlots[this.skipCount] = this.last;
    this.skipOffsets[this.skipCount] = this.used - this.listStart;
    this.skipCount++;
  }

  private writeVarint(value: number): void {
    if (this.used + 5 > this.bytes.length) this.bytes = grown(this.bytes, new Uint8Array(this.bytes.length * 2));
    while (value >= 0x80) {
      this.bytes[this.used++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.bytes[this.used++] = value;
  }
}

function grown<T extends Uint8Array | Int32Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Postings added since a build, per term: plain arrays, ascending by slot. */
export interface AddedList {
  slots: number[];
  tfs: number[];
}

const NONE: AddedList = { slots: [], tfs: [] };

/**
 * Walks one term's postings, the built segment's then those added since, in slot order:
 * `next()` moves to the next posting and sets `slot` and `tf`. One cursor is reused query after
 * query, so scoring allocates nothing per term.
 */
export class PostingCursor {
  slot = -1;
  tf = 0;
  private bytes: Uint8Array = EMPTY_SEGMENT.bytes;
  private at = 0;
  private end = 0;
  private added: AddedList = NONE;
  private addedAt = 0;

  /** Positions the cursor before the first posting of `term` (a term id, or -1 for none). */
  open(segment: PostingSegment, term: number, added: AddedList | undefined): this {
    const inSegment = term >= 0 && term + 1 < segment.starts.length;
    this.bytes = segment.bytes;
    this.at = inSegment ? segment.starts[term]! : 0;
    this.end = inSegment ? segment.starts[term + 1]! : 0;
    this.added = added ?? NONE;
    this.addedAt = 0;
    this.slot = -1;
    this.tf = 0;
    return this;
  }

  next(): boolean {
    if (this.at < this.end) {
      const bytes = this.bytes;
      let at = this.at;
      let byte = bytes[at++]!;
      let value = byte & 0x7f;
      for (let shift = 7; byte >= 0x80; shift += 7) {
        byte = bytes[at++]!;
        value |= (byte & 0x7f) << shift;
      }
      this.slot += value >>> 2;
      const cls = value & 3;
      if (cls === 3) {
        byte = bytes[at++]!;
        let code = byte & 0x7f;
        for (let shift = 7; byte >= 0x80; shift += 7) {
          byte = bytes[at++]!;
          code |= (byte & 0x7f) << shift;
        }
        this.tf = code < 128 ? SMALL_TFS[code]! : code - 128;
      } else {
        this.tf = CLASS_TFS[cls]!;
      }
      this.at = at;
      return true;
    }
    const added = this.added;
    if (this.addedAt < added.slots.length) {
      this.slot = added.slots[this.addedAt]!;
      this.tf = added.tfs[this.addedAt]!;
      this.addedAt++;
      return true;
    }
    return false;
  }

  /**
   * Positions the cursor just before the segment's block that may hold `slot` (by its skip
   * entries), so `next()` reaches it after at most a block of postings; added postings stay after.
   */
  skipTowards(segment: PostingSegment, term: number, slot: number): this {
    if (term < 0 || term + 1 >= segment.starts.length) return this;
    const { skipSlots, skipOffsets, skipStarts } = segment;
    // The last skip entry whose slot lies before `slot`.
    let low = skipStarts[term]!;
    let high = skipStarts[term + 1]! - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (skipSlots[mid]! < slot) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (found >= 0 && skipSlots[found]! > this.slot) {
      this.at = segment.starts[term]! + skipOffsets[found]!;
      this.slot = skipSlots[found]!;
    }
    return this;
  }
}

/** The last slot of an encoded list and how many postings it holds (decoding its last block only). */
export function listEnd(list: EncodedList): { lastSlot: number; count: number } {
  const blocks = list.skipSlots.length;
  const segment: PostingSegment = {
    bytes: list.bytes,
    starts: Uint32Array.of(0, list.bytes.length),
    skipSlots: list.skipSlots,
    skipOffsets: list.skipOffsets,
    skipStarts: Uint32Array.of(0, blocks),
  };
  const cursor = new PostingCursor().open(segment, 0, undefined);
  if (blocks > 0) cursor.skipTowards(segment, 0, Infinity);
  let count = blocks * BLOCK;
  while (cursor.next()) count++;
  return { lastSlot: cursor.slot, count };
}
