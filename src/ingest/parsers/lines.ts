/**
 * Splits a byte stream into lines with bounded memory: a line longer than the limit is
 * skipped as it streams by (never buffered whole) and reported, and the lines after it go on.
 */
import { describeReadError, MAX_RECORD_BYTES, toBuffer, type ByteSource } from './source.ts';

/** Longest JSON line accepted (8 MiB); the same limit as any other record. */
export const MAX_LINE_BYTES = MAX_RECORD_BYTES;

export type LineEvent =
  /** A non-blank line, without its line break. `n` is 1-based and counts blank lines too. */
  | { kind: 'line'; n: number; text: string }
  | { kind: 'too-long'; n: number }
  /** Reading failed (truncated gzip, I/O error); `n` is the line that was being read. Always last. */
  | { kind: 'read-error'; n: number; reason: string };

const NEWLINE = 0x0a;

export async function* readLines(input: ByteSource, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<LineEvent> {
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  let n = 1;
  const finish = (): LineEvent | null => {
    if (skipping) return { kind: 'too-long', n };
    let text = Buffer.concat(parts, size).toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (n === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text.trim() === '' ? null : { kind: 'line', n, text };
  };
  try {
    for await (const chunk of input) {
      const buf = toBuffer(chunk);
      let start = 0;
      while (start < buf.length) {
        const nl = buf.indexOf(NEWLINE, start);
        const end = nl === -1 ? buf.length : nl;
        if (!skipping) {
          if (size + (end - start) > maxLineBytes) {
            // Drop what we hold and only look for the next line break from here on.
            skipping = true;
            parts = [];
            size = 0;
          } else if (end > start) {
            parts.push(buf.subarray(start, end));
            size += end - start;
          }
        }
        if (nl === -1) break;
        const event = finish();
        if (event) yield event;
        parts = [];
        size = 0;
        skipping = false;
        n++;
        start = nl + 1;
      }
    }
  } catch (err) {
    // The unfinished line is incomplete by definition: report it instead of parsing half a record.
    yield { kind: 'read-error', n, reason: describeReadError(err) };
    return;
  }
  const last = finish();
  if (last) yield last;
}
