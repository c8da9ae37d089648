/**
 * gzip and brotli for every text answer (pages, CSS, JSON, feeds, sitemaps). Answers rendered per
 * request go through @fastify/compress; the response cache compresses each stored rendering once
 * per encoding with the same settings, so a shared page costs no compression per request.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import compress from '@fastify/compress';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Preferred first when a client accepts both. */
const ENCODINGS = ['br', 'gzip'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** Below this many bytes, the headers outweigh what compression saves. */
export const COMPRESSION_THRESHOLD = 1024;

// Quality 4 (as @fastify/compress recommends): most of brotli's gain at a few times gzip's speed.
const BROTLI_OPTIONS = {
  params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 4 },
};

/** Text types worth compressing: HTML, CSS, JavaScript, JSON, XML feeds, SVG, Markdown. */
const COMPRESSIBLE = /^text\/|[/+](?:json|xml)(?:;|$)|^application\/javascript/;

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Must be registered before the routes: the plugin adds its hook to each route as it is declared. */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    // Request bodies stay as clients have always sent them (forms, small JSON): none is inflated.
    globalDecompression: false,
    encodings: [...ENCODINGS],
    threshold: COMPRESSION_THRESHOLD,
    brotliOptions: BROTLI_OPTIONS,
    customTypes: COMPRESSIBLE,
  });
}

export function isCompressible(type: string): boolean {
  return COMPRESSIBLE.test(type);
}

/** The encoding to answer with for a request's Accept-Encoding; null for the bytes as they are. */
export function acceptedEncoding(header: string | string[] | undefined): Encoding | null {
  const value = Array.isArray(header) ? header.join(', ') : header;
  if (!value) return null;
  return negotiate(value, [...ENCODINGS]) as Encoding | null;
}

export function compressBody(body: Buffer, encoding: Encoding): Promise<Buffer> {
  return encoding === 'br' ? brotli(body, BROTLI_OPTIONS) : gzipped(body);
}

/** Adds a field to Vary once (lower case, as @fastify/compress checks for it). */
export function addVary(reply: FastifyReply, field: string): void {
  const current = reply.getHeader('vary');
  const fields =
    current === undefined
      ? []
      : String(current)
          .split(',')
          .map((f) => f.trim().toLowerCase());
  if (fields.includes(field) || fields.includes('*')) return;
  reply.header('vary', [...fields.filter((f) => f !== ''), field].join(', '));
}
