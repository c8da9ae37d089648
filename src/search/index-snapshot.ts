import { closeSync, fstatSync, openSync, read, readSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import type { IndexCapture, IndexState } from './keyword-index.ts';
import { termOrderOf } from './term-ids.ts';
import type { PositionsFile } from './term-positions.ts';
import { nextTurn } from './work-budget.ts';

/*
 * The keyword index on disk, so a restart loads it in a moment instead of rebuilding it from
 * every paper (90 s at a million). One file: a fixed header (magic, format version, CRC-32 of
 * the description — CRC-32 finds damage at 4 GB/s, where SHA-256 takes a second a gigabyte), a
 * JSON description with each section's own CRC-32, then each array's bytes as they lie in
 * memory, 8-byte aligned. Every section but the last is read in one read and checked at once;
 * typed-array views on the bytes read copy nothing. The last, the term positions (`sequence`,
 * the largest), is not read: the index reads them from the file when a query needs them
 * (term-positions.ts), through a descriptor it keeps open, so a newer snapshot renamed over
 * this one leaves it readable, and checks their CRC-32 after it answers (positions-check.ts).
 * It records the change-log version it includes; the log since then is replayed.
 */

/**
 * 3: a CRC-32 a section, the positions last and checked after the load, live papers by id, term ids by term;
 * 2 held one CRC-32 for the file, checked before the index answered; 1 uncompressed postings.
 */
export const SNAPSHOT_FORMAT = 3;
/** The file's name in DATA_DIR; the format version is in the name as well as in the header. */
export const SNAPSHOT_FILE = snapshotFileOf(SNAPSHOT_FORMAT);

function snapshotFileOf(format: number): string {
  return `search-index.v${format}.bin`;
}

const MAGIC = Buffer.from('DPSEARCH');
const HEADER = 24; // magic 8, format 4, description length 4, the description's CRC-32 4, unused 4
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type ArrayKind = 'f64' | 'i32' | 'u32' | 'u16' | 'u8';
const BYTES: Record<ArrayKind, number> = { f64: 8, i32: 4, u32: 4, u16: 2, u8: 1 };

interface Description {
  changeVersion: number;
  /** The database it was made from (its search-snapshot-identity): a version alone does not tell databases apart. */
  database: string;
  categorySets: string[][];
  /** The arrays in file order, with their element counts and CRC-32s (8 hex digits: the description's length does not vary with them). */
  sections: Section[];
}

interface Section {
  name: string;
  kind: ArrayKind;
  length: number;
  crc: string;
}

/** Why a snapshot cannot be used: said in the log line of the rebuild it causes. */
export class SnapshotUnusable extends Error {}

export interface Snapshot {
  state: IndexState;
  changeVersion: number;
  database: string;
}

/**
 * Writes the captured index atomically: a temporary file beside the target, flushed to disk,
 * then renamed over it, so a crash leaves the old snapshot or the new one, never half of one.
 */
export async function writeSnapshot(file: string, capture: IndexCapture, changeVersion: number, database: string): Promise<void> {
  if (!LITTLE_ENDIAN) throw new Error('search index snapshots are written on little-endian machines only');
  const terms = Buffer.from(capture.terms.join('\n'));
  const arrays: { name: string; kind: ArrayKind; pieces: () => Iterable<ArrayBufferView>; length: number }[] = [
    { name: 'terms', kind: 'u8', pieces: () => [terms], length: terms.length },
    // Sorted while written, not while captured: the terms are only ever added to.
    { name: 'termOrder', kind: 'u32', pieces: () => [termOrderOf(capture.terms)], length: capture.terms.length },
    one('df', 'i32', capture.df),
    one('postingStarts', 'u32', capture.postingStarts),
    {
      name: 'postingBytes',
      kind: 'u8',
      pieces: () => map(capture.postings(), (p) => p.bytes),
      length: last(capture.postingStarts),
    },
    one('skipStarts', 'u32', capture.skipStarts),
    {
      name: 'skipSlots',
      kind: 'i32',
      pieces: () => map(capture.postings(), (p) => p.skipSlots),
      length: last(capture.skipStarts),
    },
    {
      name: 'skipOffsets',
      kind: 'u32',
      pieces: () => map(capture.postings(), (p) => p.skipOffsets),
      length: last(capture.skipStarts),
    },
    one('docIds', 'f64', capture.docIds),
    ...capture.lengths.map((values, f) => one(`lengths${f}`, 'i32', values)),
    one('publishedDay', 'f64', capture.publishedDay),
    one('publishedMs', 'f64', capture.publishedMs),
    one('hasCode', 'u8', capture.hasCode),
    one('categorySet', 'i32', capture.categorySet),
    one('dead', 'u8', capture.dead),
    one('sequenceStarts', 'u32', capture.positions.starts),
    one('liveDocIds', 'f64', capture.liveDocs.docIds),
    one('liveSlots', 'i32', capture.liveDocs.slots),
    // Last: every section before it is read in one piece, and it is not read at all.
    { name: IN_FILE, kind: 'u16', pieces: () => capture.positions.pieces(), length: capture.positions.words },
  ];
  const description: Description = {
    changeVersion,
    database,
    categorySets: capture.categorySets,
    sections: arrays.map(({ name, kind, length }) => ({ name, kind, length, crc: hex(0) })),
  };
  // Written with placeholder checksums, then again with the real ones: the same length.
  const describe = () => padded(Buffer.from(JSON.stringify(description)));
  const describedLength = describe().length;
  const positionsAt = layout(description.sections, HEADER + describedLength).get(IN_FILE)!;

  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    const out = new StagedWriter(handle, HEADER + describedLength);
    for (const [i, array] of arrays.entries()) {
      let bytes = 0;
      let checksum = 0;
      for (const piece of array.pieces()) {
        await out.write(piece);
        // Empty pieces are skipped: zlib's crc32 of some empty views returns 0, not the value it was given.
        if (piece.byteLength > 0) checksum = crc32(new Uint8Array(piece.buffer, piece.byteOffset, piece.byteLength), checksum);
        bytes += piece.byteLength;
      }
      if (bytes !== array.length * BYTES[array.kind])
        throw new Error(`snapshot section ${array.name} is ${bytes} bytes, expected ${array.length * BYTES[array.kind]}`);
      await out.write(new Uint8Array(pad(bytes)));
      description.sections[i]!.crc = hex(checksum);
    }
    await out.finish();
    const describedAs = describe();
    if (describedAs.length !== describedLength) throw new Error('the snapshot description changed length');
    const header = Buffer.alloc(HEADER);
    MAGIC.copy(header, 0);
    header.writeUInt32LE(SNAPSHOT_FORMAT, 8);
    header.writeUInt32LE(describedLength, 12);
    header.writeUInt32LE(crc32(describedAs), 16);
    await handle.write(Buffer.concat([header, describedAs]), 0, HEADER + describedLength, 0);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  // Opened before the rename: the index goes on reading the positions from this file, whatever is renamed over it later.
  // Written from what the index holds: no check to make.
  const positions: PositionsFile = { fd: openSync(temporary, 'r'), offset: positionsAt, words: capture.positions.words };
  try {
    await rename(temporary, file);
  } catch (error) {
    closeSync(positions.fd);
    await rm(temporary, { force: true });
    throw error;
  }
  capture.positions.stored(positions);
  // The rename itself is durable once the folder is flushed.
  const folder = await open(dirname(file), 'r');
  await folder.sync().finally(() => folder.close());
  // Snapshots of earlier formats are never read again: their space (a gigabyte and more at a million papers) goes back.
  if (basename(file) === SNAPSHOT_FILE) {
    for (let format = 1; format < SNAPSHOT_FORMAT; format++)
      await rm(join(dirname(file), snapshotFileOf(format)), { force: true });
  }
}

/** Where the build process of this one writes the snapshot it hands over, beside `file`. */
export function buildingFileOf(file: string): string {
  return `${file}.building.${process.pid}`;
}

/**
 * Removes what a process that died while writing left beside `file` — a temporary file
 * (`NAME.PID.tmp`) or a build process's snapshot not yet moved into place (`NAME.building.PID`),
 * each as large as a snapshot — and returns their names. Those of a live process (another
 * command on the same DATA_DIR) are left alone.
 */
export async function removeAbandonedSnapshots(file: string): Promise<string[]> {
  const name = basename(file);
  const removed: string[] = [];
  for (const entry of await readdir(dirname(file)).catch(() => [])) {
    if (!entry.startsWith(`${name}.`)) continue;
    const pid = /^(?:building\.(\d+)(?:\.\d+\.tmp)?|(\d+)\.tmp)$/.exec(entry.slice(name.length + 1));
    if (!pid || processIsAlive(Number(pid[1] ?? pid[2]))) continue;
    await rm(join(dirname(file), entry), { force: true });
    removed.push(entry);
  }
  return removed;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The section left in the file, last: the term positions. */
const IN_FILE = 'sequence';
/** Bytes read, or checked, between two turns of the event loop when a snapshot is read in slices. */
const SLICE_BYTES = 8 << 20;

/**
 * Reads a snapshot back, all but the term positions, which it leaves in the file with the
 * CRC-32 they must have (the state holds an open descriptor: the index that takes the state
 * closes it, or, when the snapshot is not used, closePositionsFile). Throws SnapshotUnusable
 * saying why it cannot be used. Synchronous, a quarter of a second at a million papers: work
 * started beside it (a server's first jobs) would otherwise run between its reads and delay it.
 */
export function readSnapshot(file: string): Snapshot {
  const fd = openSnapshot(file);
  try {
    const layout = readLayout(fd);
    const kept = readBytes(fd, 0, layout.positionsAt);
    for (const _ of checkSections(kept, layout));
    return snapshotOf(fd, kept, layout);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * readSnapshot for a server that is answering: the bulk is read off the event loop and checked
 * a slice at a time, so requests go on between (a swap at a million papers held them 320 ms).
 */
export async function readSnapshotInSlices(file: string, sliceBytes = SLICE_BYTES): Promise<Snapshot> {
  const fd = openSnapshot(file);
  try {
    const layout = readLayout(fd);
    const kept = Buffer.from(new ArrayBuffer(layout.positionsAt));
    for (let done = 0; done < kept.length;) {
      const { bytesRead } = await readAt(fd, kept, done, Math.min(sliceBytes, kept.length - done), done);
      if (bytesRead === 0) throw damaged();
      done += bytesRead;
    }
    for (const _ of checkSections(kept, layout, sliceBytes)) await nextTurn();
    return snapshotOf(fd, kept, layout);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

const readAt = promisify(read);
const damaged = () => new SnapshotUnusable('its checksum does not match (a damaged or truncated file)');

function openSnapshot(file: string): number {
  try {
    return openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new SnapshotUnusable('there is no snapshot');
    throw error;
  }
}

/** Where a snapshot's sections are, from its header and description (small reads). */
interface Layout {
  description: Description;
  offsets: Map<string, number>;
  /** Where the term positions begin: every other section lies before. */
  positionsAt: number;
  inFile: Section;
}

function readLayout(fd: number): Layout {
  const size = fstatSync(fd).size;
  const header = readBytes(fd, 0, Math.min(HEADER, size));
  if (size < HEADER || !header.subarray(0, 8).equals(MAGIC))
    throw new SnapshotUnusable('the file is not a search index snapshot');
  const format = header.readUInt32LE(8);
  if (format !== SNAPSHOT_FORMAT)
    throw new SnapshotUnusable(`its format version is ${format}, this program reads ${SNAPSHOT_FORMAT}`);
  const describedLength = header.readUInt32LE(12);
  if (HEADER + describedLength > size) throw damaged();
  const describedAs = readBytes(fd, HEADER, describedLength);
  if (crc32(describedAs) !== header.readUInt32LE(16)) throw damaged();
  let description: Description;
  try {
    description = JSON.parse(describedAs.toString('utf8')) as Description;
  } catch {
    throw damaged();
  }
  const offsets = layout(description.sections, HEADER + describedLength);
  const inFile = description.sections.at(-1);
  if (inFile?.name !== IN_FILE) throw damaged();
  const positionsAt = offsets.get(IN_FILE)!;
  if (positionsAt + sectionBytes(inFile) !== size) throw damaged();
  return { description, offsets, positionsAt, inFile };
}

/** Checks each section read (all but the positions) against its CRC-32, a slice at a time: it yields between slices. */
function* checkSections(kept: Buffer, { description, offsets }: Layout, sliceBytes = SLICE_BYTES): Generator<void> {
  for (const section of description.sections.slice(0, -1)) {
    const at = offsets.get(section.name)!;
    const bytes = kept.subarray(at, at + section.length * BYTES[section.kind]);
    let sum = 0;
    for (let from = 0; from < bytes.length; from += sliceBytes) {
      sum = crc32(bytes.subarray(from, from + sliceBytes), sum);
      yield;
    }
    if (hex(sum) !== section.crc) throw damaged();
  }
}

/** The snapshot's state over the bytes read (one buffer from offset 0, so every view is aligned as in the file). */
function snapshotOf(fd: number, kept: Buffer, { description, offsets, positionsAt, inFile }: Layout): Snapshot {
  const sections = new Map<string, ArrayBufferView>();
  for (const section of description.sections.slice(0, -1)) {
    sections.set(section.name, view(kept, offsets.get(section.name)!, section.kind, section.length));
  }
  const get = <T>(name: string) => sections.get(name) as T;
  const terms = get<Uint8Array>('terms');
  return {
    changeVersion: description.changeVersion,
    database: description.database,
    state: {
      terms: terms.length === 0 ? [] : Buffer.from(terms.buffer, terms.byteOffset, terms.length).toString('utf8').split('\n'),
      termOrder: get('termOrder'),
      df: get('df'),
      postings: {
        bytes: get('postingBytes'),
        starts: get('postingStarts'),
        skipSlots: get('skipSlots'),
        skipOffsets: get('skipOffsets'),
        skipStarts: get('skipStarts'),
      },
      docIds: get('docIds'),
      lengths: [get('lengths0'), get('lengths1'), get('lengths2')],
      publishedDay: get('publishedDay'),
      publishedMs: get('publishedMs'),
      hasCode: get('hasCode'),
      categorySet: get('categorySet'),
      categorySets: description.categorySets,
      dead: get('dead'),
      liveDocs: { docIds: get('liveDocIds'), slots: get('liveSlots') },
      positions: { fd, offset: positionsAt, words: inFile.length, checksum: Number.parseInt(inFile.crc, 16) },
      sequenceStarts: get('sequenceStarts'),
    },
  };
}

/** Each section's byte offset in the file, the first at `start`. */
function layout(sections: Section[], start: number): Map<string, number> {
  const offsets = new Map<string, number>();
  let at = start;
  for (const section of sections) {
    offsets.set(section.name, at);
    at += sectionBytes(section);
  }
  return offsets;
}

/** A section's bytes with the padding after it. */
function sectionBytes({ kind, length }: { kind: ArrayKind; length: number }): number {
  return length * BYTES[kind] + pad(length * BYTES[kind]);
}

/** `length` bytes from `position`, in a buffer of their own (not a pool's: views need its alignment), in one read. */
function readBytes(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.from(new ArrayBuffer(length));
  let done = 0;
  while (done < length) {
    const read = readSync(fd, bytes, done, length - done, position + done);
    if (read === 0) throw damaged();
    done += read;
  }
  return bytes;
}

function view(bytes: Buffer, at: number, kind: ArrayKind, length: number): ArrayBufferView {
  const { buffer, byteOffset } = bytes;
  const start = byteOffset + at;
  switch (kind) {
    case 'f64':
      return new Float64Array(buffer, start, length);
    case 'i32':
      return new Int32Array(buffer, start, length);
    case 'u32':
      return new Uint32Array(buffer, start, length);
    case 'u16':
      return new Uint16Array(buffer, start, length);
    case 'u8':
      return new Uint8Array(buffer, start, length);
  }
}

function one(name: string, kind: ArrayKind, values: ArrayBufferView & { length: number }) {
  return { name, kind, pieces: () => [values], length: values.length };
}

function last(values: Uint32Array): number {
  return values[values.length - 1]!;
}

function* map<T, U>(items: Iterable<T>, fn: (item: T) => U): Generator<U> {
  for (const item of items) yield fn(item);
}

function pad(bytes: number): number {
  return (8 - (bytes % 8)) % 8;
}

function hex(checksum: number): string {
  return checksum.toString(16).padStart(8, '0');
}

function padded(bytes: Buffer): Buffer {
  return Buffer.concat([bytes, Buffer.alloc(pad(bytes.length), 0x20)]);
}

/** Writes many small arrays (a term's postings) as few large writes. */
class StagedWriter {
  private readonly stage = Buffer.allocUnsafe(4 << 20);
  private staged = 0;

  constructor(
    private readonly handle: Awaited<ReturnType<typeof open>>,
    private position: number,
  ) {}

  async write(piece: ArrayBufferView): Promise<void> {
    const bytes = new Uint8Array(piece.buffer, piece.byteOffset, piece.byteLength);
    if (bytes.length > this.stage.length - this.staged) await this.flush();
    if (bytes.length >= this.stage.length) {
      await this.put(bytes);
      return;
    }
    this.stage.set(bytes, this.staged);
    this.staged += bytes.length;
  }

  async finish(): Promise<void> {
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.staged === 0) return;
    await this.put(this.stage.subarray(0, this.staged));
    this.staged = 0;
  }

  private async put(bytes: Uint8Array): Promise<void> {
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, written, bytes.length - written, this.position);
      written += bytesWritten;
      this.position += bytesWritten;
    }
  }
}
