import { read, readSync } from 'node:fs';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';

/*
 * The CRC-32 check of a snapshot's term positions, made after the index answers: reading and
 * checking them (337 MB at a million papers) took most of the load, and only phrase tests read
 * them. It runs in the background a piece at a time; a phrase test that comes first finishes it
 * synchronously before reading a word, so no test ever reads unchecked words. Damage found either
 * way is said by `inBackground`'s answer: the index then rebuilds (index-sync.ts), and until the
 * rebuild lands its phrase tests rule nothing out (the text check decides).
 */

const CHUNK = 8 << 20;
const readAt = promisify(read);

export type PositionsVerdict = 'sound' | 'damaged';

export class PositionsCheck {
  /** Bytes [0, checked) are summed into `sum`. */
  private checked = 0;
  private sum = 0;
  private verdict: PositionsVerdict | null = null;
  /** The check no longer matters: the index closed or moved to another file. */
  private stopped = false;

  constructor(
    private readonly fd: number,
    private readonly offset: number,
    private readonly bytes: number,
    private readonly expected: number,
  ) {}

  /** The verdict, finishing the check now if the background has not. */
  now(): PositionsVerdict {
    if (this.verdict) return this.verdict;
    const buffer = Buffer.allocUnsafeSlow(Math.min(CHUNK, Math.max(1, this.bytes)));
    while (this.checked < this.bytes) {
      const length = Math.min(buffer.length, this.bytes - this.checked);
      let done = 0;
      while (done < length) {
        const got = readSync(this.fd, buffer, done, length - done, this.offset + this.checked + done);
        if (got === 0) return this.conclude(false);
        done += got;
      }
      this.add(buffer.subarray(0, length));
    }
    return this.conclude(true);
  }

  /**
   * Checks a piece at a time, letting other work run between pieces. Resolves to the verdict, or
   * to null when stopped first (the file is no longer the index's).
   */
  async inBackground(): Promise<PositionsVerdict | null> {
    const buffer = Buffer.allocUnsafeSlow(Math.min(CHUNK, Math.max(1, this.bytes)));
    while (!this.verdict && !this.stopped && this.checked < this.bytes) {
      const at = this.checked;
      const length = Math.min(buffer.length, this.bytes - at);
      let done = 0;
      while (done < length) {
        const reading = readAt(this.fd, buffer, done, length - done, this.offset + at + done);
        // A read of a descriptor closed meanwhile (whose number may be reused) says nothing: only the stop counts.
        const { bytesRead } = await reading.catch((error: unknown) => {
          if (this.stopped) return { bytesRead: 0 };
          throw error;
        });
        if (this.stopped || this.verdict) break;
        if (bytesRead === 0) return this.conclude(false);
        done += bytesRead;
      }
      // Meanwhile `now` may have finished the check: the piece read is then not summed again.
      if (!this.stopped && !this.verdict && this.checked === at) this.add(buffer.subarray(0, length));
    }
    if (this.stopped) return null;
    return this.verdict ?? this.conclude(true);
  }

  stop(): void {
    this.stopped = true;
  }

  private add(piece: Buffer): void {
    this.sum = crc32(piece, this.sum);
    this.checked += piece.length;
  }

  private conclude(complete: boolean): PositionsVerdict {
    this.verdict = complete && this.sum === this.expected ? 'sound' : 'damaged';
    return this.verdict;
  }
}
