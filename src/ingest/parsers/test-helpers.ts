/** Helpers shared by the parser tests (not shipped code paths). */
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ParsedItem, PaperRecord } from '../../core/paper.ts';
import type { ByteSource } from './source.ts';

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`./testdata/${name}`, import.meta.url));
}

export function fixture(name: string): ByteSource {
  return createReadStream(fixturePath(name));
}

/** Streams `data` in chunks of `size` bytes: 1 exercises every split point. */
export async function* chunked(data: string | Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/** A source that delivers `data`, then fails with `error`. */
export async function* failingAfter(data: string | Buffer, error: Error): AsyncGenerator<Buffer> {
  yield* chunked(data);
  throw error;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** `[at, id]` for records and `[at, reason]` for rejections: compact exact assertions. */
export function outline(items: ParsedItem[]): [number, string][] {
  return items.map((item) => [item.at, item.kind === 'record' ? item.record.id : `rejected: ${item.reason}`]);
}

export function records(items: ParsedItem[]): PaperRecord[] {
  return items.flatMap((item) => (item.kind === 'record' ? [item.record] : []));
}

export function jsonl(...values: unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n') + '\n';
}
