import { closeSync, mkdirSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Column } from './column.ts';
import { PositionsCheck, type PositionsVerdict } from './positions-check.ts';

/*
 * Each paper's fields as sequences of content terms (stop words left out), in order: the
 * positions that let a phrase be ruled out without reading the paper's text. Terms are kept
 * as the low 16 bits of their id (two bytes a word, not four): a rare collision can only let
 * a paper through to the text check, never rule one out.
 *
 * They are the index's largest part (350 MB at a million papers), and a query reads the few
 * papers it tests, so they stay out of memory: the words a snapshot holds are read from its
 * file when asked for (positioned reads, neighbouring papers in one read), and only the words
 * of papers added since — or of a whole index until its first snapshot is written — are held
 * here. A paper's words never change once added, so whichever copy is read gives the same.
 */

/** The positions as a snapshot file holds them: an open descriptor, the byte offset of word 0, and the words it holds. */
export interface PositionsFile {
  fd: number;
  offset: number;
  words: number;
  /** The CRC-32 the words must have, checked before a test reads them; none when this process wrote them. */
  checksum?: number;
}

/** The positions taken at one instant, for a snapshot. */
export interface PositionsCapture {
  words: number;
  /** Per slot and field, where its words start. */
  starts: Uint32Array;
  /** The words [0, words) in pieces (read from the file where they are there). */
  pieces(): Generator<Uint16Array>;
  /** The snapshot holding these words is written: read them from it from now on. */
  stored(file: PositionsFile): void;
}

/** A build writing its words to a scratch file holds this many (2 MB) before writing them. */
const SPILL_WORDS = 1 << 20;
/** Candidates further apart than this (in words, 2 bytes each) are read separately, not through the gap. */
const GAP_WORDS = 8_192;
/** The most words one read brings in (512 KB); a single paper longer than that is read whole. */
const READ_WORDS = 1 << 18;
/** Sorting packs a slot and its place among the candidates into one float: slot * PLACES + place. */
const PLACES = 2 ** 22;

/** Descriptors of positions no longer referenced are closed (an index replaced while searches still held it). */
const closeWhenCollected = new FinalizationRegistry<{ fd: number }>((handle) => {
  if (handle.fd >= 0) closeSync(handle.fd);
});

export function closePositionsFile(file: PositionsFile): void {
  closeSync(file.fd);
}

export class TermPositions {
  /** Per slot and field (slot * 3 + field), where its words start; a field ends where the next starts. */
  private starts: Column<Uint32Array>;
  /** The descriptor of the file holding words [0, fileWords); -1 when none. */
  private readonly handle = { fd: -1 };
  private fileOffset = 0;
  private fileWords = 0;
  /** Words [fileWords, used): those not in the file. */
  private tail: Uint16Array = new Uint16Array(1 << 16);
  private used = 0;
  /** What a read brings the file's words into, reused. */
  private buffer = new Uint16Array(0);
  /** The file's check, until it says the words are sound (positions-check.ts). */
  private check: PositionsCheck | null = null;
  /** The file's words failed their check: tests rule nothing out, and they are not copied. */
  private damaged = false;
  /** Words go to the file (a build's scratch file) whenever the tail is full. */
  private spilling = false;

  constructor(starts?: Uint32Array, file?: PositionsFile) {
    this.starts = Column.of((n) => new Uint32Array(n), starts);
    if (file) {
      this.handle.fd = file.fd;
      this.fileOffset = file.offset;
      this.fileWords = this.used = file.words;
      this.tail = new Uint16Array(0);
      if (file.checksum !== undefined) this.check = new PositionsCheck(file.fd, file.offset, file.words * 2, file.checksum);
    }
    closeWhenCollected.register(this, this.handle, this);
  }

  /**
   * Positions for a full build that writes its words to a scratch file in `dir` as they come
   * (337 MB at a million papers, held until the snapshot was written otherwise), reading them
   * back from it like a snapshot's until its snapshot is written. The file is unlinked at once:
   * its descriptor keeps it, and a crash leaves nothing behind. When the folder cannot take it
   * (read-only, full), the words are held in memory, as without a folder: search works as before.
   */
  static spilledTo(dir: string, heldWords = SPILL_WORDS): TermPositions {
    const file = join(dir, `search-positions.${process.pid}.${Date.now()}.tmp`);
    let fd: number;
    try {
      mkdirSync(dir, { recursive: true });
      fd = openSync(file, 'w+');
      unlinkSync(file);
    } catch {
      return new TermPositions();
    }
    const positions = new TermPositions(undefined, { fd, offset: 0, words: 0 });
    positions.tail = new Uint16Array(heldWords);
    positions.spilling = true;
    return positions;
  }

  /**
   * Checks the file's words in the background: 'damaged' when they fail (the index must be
   * rebuilt), 'sound' when they pass or need no check, null when the file was left first.
   */
  async checkFile(): Promise<PositionsVerdict | null> {
    const check = this.check;
    if (!check) return this.damaged ? 'damaged' : 'sound';
    const verdict = await check.inBackground();
    if (verdict && this.check === check) this.concluded(verdict);
    return verdict;
  }

  /** Whether the file's words may be read: the check finished first, now if need be. */
  private fileSound(): boolean {
    if (this.check) this.concluded(this.check.now());
    return !this.damaged;
  }

  private concluded(verdict: PositionsVerdict): void {
    this.check = null;
    this.damaged = verdict === 'damaged';
  }

  /** A field of the next paper begins. */
  startField(): void {
    this.starts.push(this.used);
  }

  /** The next word of the current field, by its term id. */
  append(termId: number): void {
    if (this.spilling && this.used - this.fileWords === this.tail.length) this.spill();
    const at = this.used - this.fileWords;
    if (at === this.tail.length) {
      // A quarter more, not double: papers added after a build need little room (a spilling build, one paper's).
      const bigger = new Uint16Array(Math.max(this.spilling ? 0 : 1 << 16, Math.ceil(this.tail.length * 1.25)));
      bigger.set(this.tail);
      this.tail = bigger;
    }
    this.tail[at] = termId & 0xffff;
    this.used++;
  }

  /**
   * Writes the words of the papers before the current one to the file: the file ends where a
   * paper does (a read never straddles it and the tail), the current paper's words move to the
   * tail's front. A paper longer than the tail grows it instead.
   */
  private spill(): void {
    const paperStart = this.starts.raw[Math.floor((this.starts.length - 1) / 3) * 3]!;
    const spilled = paperStart - this.fileWords;
    if (spilled === 0) return;
    try {
      writeFully(this.handle.fd, this.tail.subarray(0, spilled), this.fileOffset + this.fileWords * 2);
    } catch {
      // The disk filled: the rest of the build's words stay in memory (the tail grows), as without a scratch file.
      this.spilling = false;
      return;
    }
    this.tail.copyWithin(0, spilled, this.used - this.fileWords);
    this.fileWords = paperStart;
  }

  /** Drops the growth's slack after a full build: of the words held until its snapshot is written, and of the starts. */
  trim(): void {
    this.spilling = false;
    this.tail = this.tail.slice(0, this.used - this.fileWords);
    this.starts = Column.of((n) => new Uint32Array(n), this.starts.values.slice());
  }

  /** Bytes held in memory (the field starts, the words not in the file, the read buffer), and those left in the file. */
  memoryBytes(): { inMemory: number; onDisk: number } {
    return {
      inMemory: this.starts.raw.byteLength + this.tail.byteLength + this.buffer.byteLength,
      onDisk: this.fileWords * 2,
    };
  }

  capture(): PositionsCapture {
    const words = this.used;
    return {
      words,
      starts: this.starts.values,
      pieces: () => this.pieces(words),
      stored: (file) => this.useFile(file),
    };
  }

  /** Stops reading the file (the index is closed); a test after this throws. */
  close(): void {
    this.check?.stop();
    this.check = null;
    if (this.handle.fd >= 0) closeSync(this.handle.fd);
    this.handle.fd = -1;
    closeWhenCollected.unregister(this);
  }

  /** The 16-bit term keys a paper's fields hold (every key when its words are in a damaged file). */
  keysOf(slot: number): Set<number> {
    const from = this.starts.raw[slot * 3]!;
    const to = this.endOf(slot * 3 + 2);
    if (from < this.fileWords && !this.fileSound()) return new Set(Array.from({ length: 0x10000 }, (_, key) => key));
    const words = from >= this.fileWords ? this.tail : this.read(from, to);
    const base = from >= this.fileWords ? this.fileWords : from;
    const keys = new Set<number>();
    for (let i = from - base; i < to - base; i++) keys.add(words[i]!);
    return keys;
  }

  /**
   * For each of slots[from, to), 1 when the paper's fields hold every phrase's keys next to
   * each other, in order (each phrase in some field), 0 when they lack one. The papers are
   * taken in slot order, so neighbours in the file come in one read. Papers whose words are in
   * a damaged file may hold anything: 1.
   */
  mayHoldAll(phrases: number[][], slots: ArrayLike<number>, from: number, to: number): Uint8Array {
    const verdicts = new Uint8Array(to - from);
    const readable = this.fileWords === 0 || this.fileSound();
    const starts = this.starts.raw;
    const fileWords = this.fileWords;
    const order = inSlotOrder(slots, from, to);
    const count = to - from;
    let k = 0;
    while (k < count) {
      const slot = slots[from + order[k]!]!;
      const first = starts[slot * 3]!;
      if (first >= fileWords) {
        // A paper added since the file was written: its words are all in memory.
        if (this.holdsAll(phrases, slot, this.tail, fileWords)) verdicts[order[k]!] = 1;
        k++;
        continue;
      }
      if (!readable) {
        verdicts[order[k]!] = 1;
        k++;
        continue;
      }
      // The papers after it in slot order, as long as they are in the file, near, and one read holds them.
      let last = this.endOf(slot * 3 + 2);
      let next = k + 1;
      for (; next < count; next++) {
        const other = slots[from + order[next]!]!;
        const otherEnd = this.endOf(other * 3 + 2);
        if (otherEnd > fileWords || starts[other * 3]! - last > GAP_WORDS || otherEnd - first > READ_WORDS) break;
        if (otherEnd > last) last = otherEnd;
      }
      const words = this.read(first, last);
      for (; k < next; k++) if (this.holdsAll(phrases, slots[from + order[k]!]!, words, first)) verdicts[order[k]!] = 1;
    }
    return verdicts;
  }

  /** Whether the slot's fields hold each phrase, its words in `words` (word w at words[w - base]). */
  private holdsAll(phrases: number[][], slot: number, words: Uint16Array, base: number): boolean {
    const starts = this.starts.raw;
    for (const key of phrases) {
      let found = false;
      fields: for (let f = slot * 3; f < slot * 3 + 3; f++) {
        const end = this.endOf(f) - base - key.length;
        outer: for (let i = starts[f]! - base; i <= end; i++) {
          for (let j = 0; j < key.length; j++) if (words[i + j] !== key[j]) continue outer;
          found = true;
          break fields;
        }
      }
      if (!found) return false;
    }
    return true;
  }

  /** Where field f's words end: where the next field's start. */
  private endOf(f: number): number {
    return f + 1 < this.starts.length ? this.starts.raw[f + 1]! : this.used;
  }

  /** The file's words [from, to), in the read buffer. */
  private read(from: number, to: number): Uint16Array {
    if (this.handle.fd < 0) throw new Error('the search index is closed: its term positions cannot be read');
    if (this.buffer.length < to - from) this.buffer = new Uint16Array(Math.max(to - from, READ_WORDS));
    readFully(this.handle.fd, this.buffer, to - from, this.fileOffset + from * 2);
    return this.buffer;
  }

  /** Words [0, words) in pieces of at most READ_WORDS: copies of the file's, views of the tail. */
  private *pieces(words: number): Generator<Uint16Array> {
    if (words > 0 && this.fileWords > 0 && !this.fileSound())
      throw new Error("the search index snapshot's term positions are damaged: they are not copied into another");
    for (let from = 0; from < words; from += READ_WORDS) {
      const to = Math.min(words, from + READ_WORDS);
      // Read when the piece is wanted: the file may have been switched since the capture, holding the same words.
      if (from >= this.fileWords) {
        yield this.tail.subarray(from - this.fileWords, to - this.fileWords);
        continue;
      }
      const fileTo = Math.min(to, this.fileWords);
      const piece = new Uint16Array(to - from);
      readFully(this.handle.fd, piece, fileTo - from, this.fileOffset + from * 2);
      if (fileTo < to) piece.set(this.tail.subarray(0, to - fileTo), fileTo - from);
      yield piece;
    }
  }

  /** Reads the words a snapshot holds from its file; the tail keeps only those added after it. */
  private useFile(file: PositionsFile): void {
    if (file.words < this.fileWords || file.words > this.used) {
      closeSync(file.fd);
      return;
    }
    this.tail = this.tail.slice(file.words - this.fileWords, this.used - this.fileWords);
    if (this.handle.fd >= 0) closeSync(this.handle.fd);
    // The words were copied from this file (checked first) or from memory: the new file needs no check.
    this.check?.stop();
    this.check = null;
    this.handle.fd = file.fd;
    this.fileOffset = file.offset;
    this.fileWords = file.words;
  }
}

function writeFully(fd: number, words: Uint16Array, position: number): void {
  const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

function readFully(fd: number, into: Uint16Array, words: number, position: number): void {
  const bytes = new Uint8Array(into.buffer, into.byteOffset, words * 2);
  let done = 0;
  while (done < bytes.length) {
    const read = readSync(fd, bytes, done, bytes.length - done, position + done);
    if (read === 0) throw new Error('the search index snapshot ended before its term positions did');
    done += read;
  }
}

/**
 * The places of slots[from, to) in slot order: as they come when they already are (the
 * candidates of one term's postings), else sorted — packed with their place into one float
 * each, a numeric sort without a comparator.
 */
function inSlotOrder(slots: ArrayLike<number>, from: number, to: number): Int32Array {
  const count = to - from;
  const order = new Int32Array(count);
  let sorted = true;
  for (let i = 0; i < count; i++) {
    order[i] = i;
    if (i > 0 && slots[from + i]! < slots[from + i - 1]!) sorted = false;
  }
  if (sorted) return order;
  if (count > PLACES) {
    // More candidates than a float packs places for (never, from a search: it tests 2,048 at a time).
    return order.sort((a, b) => slots[from + a]! - slots[from + b]!);
  }
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = slots[from + i]! * PLACES + i;
  keys.sort();
  for (let i = 0; i < count; i++) order[i] = keys[i]! % PLACES;
  return order;
}
