import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { matchesEtag } from '../http-caching.ts';

interface Asset {
  type: string;
  body: Buffer;
  /** Content hash: pages link `?v=HASH`, so the asset can be cached for a year and still change. */
  version: string;
}

const FILES: Record<string, string> = {
  'style.css': 'text/css; charset=utf-8',
  'icon.svg': 'image/svg+xml',
  'avatar.svg': 'image/svg+xml',
  'upvote.js': 'text/javascript; charset=utf-8',
};

const YEAR = 'public, max-age=31536000, immutable';
const HOUR = 'public, max-age=3600';

/** Reads the static files once, at start; requests are answered from memory. */
export async function loadStaticAssets(): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  for (const [name, type] of Object.entries(FILES)) {
    const body = await readFile(new URL(`../static/${name}`, import.meta.url));
    assets.set(name, { type, body, version: createHash('sha256').update(body).digest('hex').slice(0, 12) });
  }
  return assets;
}

export function assetHref(assets: Map<string, Asset>, name: string): string {
  return `/static/${name}?v=${assets.get(name)!.version}`;
}

export function registerStaticAssets(app: FastifyInstance, assets: Map<string, Asset>): void {
  app.get<{ Params: { name: string }; Querystring: { v?: string } }>('/static/:name', async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (!asset) return reply.callNotFound();
    const etag = `"${asset.version}"`;
    reply.header('etag', etag).header('cache-control', request.query.v === asset.version ? YEAR : HOUR);
    if (matchesEtag(request, etag)) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  });
}
