/**
 * Byte sources shared by every parser: the input type, the size limit, gzip, and a way to
 * look at the first bytes of a stream without losing them.
 */
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Anything that yields bytes: a Node readable (file, gunzip, HTTP body), or a generator in tests. */
export type ByteSource = AsyncIterable<Uint8Array | string>;

/** Largest JSON line, JSON array element or XML record we hold in memory; larger ones are skipped. */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;

export interface ParseOptions {
  /** Overrides {@link MAX_RECORD_BYTES} (tests use a small value). */
  maxRecordBytes?: number;
}

/** Human size for reasons: 8388608 → "8 MiB". */
export function formatSize(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

export function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Says why reading stopped, in words an importer can print after the last good record. */
export function describeReadError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  // zlib reports a cut-off gzip member as Z_BUF_ERROR "unexpected end of file".
  if (code === 'Z_BUF_ERROR') return 'input ends early: truncated gzip';
  if (code === 'Z_DATA_ERROR' || code === 'Z_STREAM_ERROR') return `input is corrupt: gzip ${message}`;
  return `read error: ${message}`;
}

/**
 * Lets a caller read the first chunks of a source (to sniff gzip magic or the format) and then
 * hand the whole stream, those chunks included, to a parser. Only the peeked chunks are kept.
 */
export class Replayable {
  private readonly iterator: AsyncIterator<Uint8Array | string>;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private ended = false;
  /** A read error met while peeking, thrown again to whoever reads the replay. */
  private error: unknown = null;
  private replayed = false;

  constructor(source: ByteSource) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Bytes peeked so far. */
  get peeked(): Buffer {
    return Buffer.concat(this.head);
  }

  get peekedBytes(): number {
    return this.headBytes;
  }

  /** Reads one more chunk into the head; false at the end of the input. Read errors propagate. */
  async pull(): Promise<boolean> {
    if (this.error !== null) throw this.error;
    if (this.ended) return false;
    let next: IteratorResult<Uint8Array | string>;
    try {
      next = await this.iterator.next();
    } catch (err) {
      this.error = err ?? new Error('unknown read error');
      throw err;
    }
    if (next.done) {
      this.ended = true;
      return false;
    }
    const buf = toBuffer(next.value);
    this.head.push(buf);
    this.headBytes += buf.length;
    return true;
  }

  /** Pulls until at least `bytes` are peeked or the input ends. */
  async peekAtLeast(bytes: number): Promise<Buffer> {
    while (this.headBytes < bytes && (await this.pull())) {
      // keep pulling
    }
    return this.peeked;
  }

  /**
   * A view that first yields what is peeked and keeps peeking (recording) as it is read:
   * used to sniff the format by running a real parser over the head. Stopping it early
   * does not close the source. The view ends early once `maxBytes` are peeked.
   */
  async *recording(maxBytes = Infinity): AsyncGenerator<Buffer> {
    for (let i = 0; ; i++) {
      if (i < this.head.length) yield this.head[i]!;
      // Past the limit the view simply ends, so peeking never holds more than that.
      else if (this.headBytes >= maxBytes || !(await this.pull())) return;
      else yield this.head[i]!;
    }
  }

  /** Closes the source without reading it (when detection gives up). */
  async close(): Promise<void> {
    this.ended = true;
    this.head.splice(0);
    await this.iterator.return?.();
  }

  /** The whole input from the first byte; can be taken once. Closing it closes the source. */
  async *replay(): AsyncGenerator<Buffer> {
    if (this.replayed) throw new Error('Replayable.replay() can be called once');
    this.replayed = true;
    const head = this.head.splice(0);
    this.headBytes = 0;
    try {
      // shift(), so a chunk is released once the parser has it.
      while (head.length > 0) yield head.shift()!;
      if (this.error !== null) throw this.error;
      while (!this.ended) {
        const next = await this.iterator.next();
        if (next.done) break;
        yield toBuffer(next.value);
      }
    } finally {
      this.ended = true;
      await this.iterator.return?.();
    }
  }
}

/**
 * Gunzips a source. Errors of the source and of zlib (truncated or corrupt data) surface as a
 * thrown error while iterating, after every byte that could be decompressed.
 */
export function gunzip(source: ByteSource): AsyncIterable<Buffer> {
  const inflater = createGunzip();
  // pipeline forwards a source error to the gunzip stream, which the consumer is iterating.
  pipeline(Readable.from(source, { objectMode: false }), inflater, () => {});
  return inflater;
}

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}
