/**
 * `/papers/{id}/thumbnail.svg`: drawn by the hub, well-formed XML whatever the title holds,
 * the same bytes every time, cached for good under its versioned address, 404 for unknown ids.
 */
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { paperRecord } from '../../src/core/paper.ts';
import { categoryColour, thumbnailPath, wrap } from '../../src/feeds/thumbnail.ts';
import { thumbnailPngPath } from '../../src/feeds/thumbnail-png.ts';
import { hidePaper, setRole } from '../../src/social/moderation.ts';
import { signUp } from '../../src/social/accounts.ts';
import { DIALECTS } from '../support/stores.ts';
import { NOW, routing, saveFixtures, useTestApp } from './fixtures.ts';

const HOSTILE_TITLE = `Tom & Jerry's <script>alert("x")</script> "quoted" ${'very long words '.repeat(20)}end`;
const hostile = paperRecord({ id: '2603.00901', title: HOSTILE_TITLE, categories: ['cs.CL'], primaryCategory: 'cs.CL' });
const rtl = paperRecord({
  id: '2603.00902',
  title: 'نماذج اللغة الكبيرة للترجمة',
  categories: ['cs.CL'],
  primaryCategory: 'cs.CL',
});
const controls = paperRecord({ id: '2603.00903', title: 'A bell\u0007 and an escape\u001B in a title', categories: ['math.CO'] });
const hiddenPaper = paperRecord({ id: '2603.00904', title: 'Hidden from everyone', categories: ['cs.AI'] });

/** Width and height from a PNG's header chunk (IHDR, right after the 8-byte signature). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The SVG's text nodes, read by an XML parser that throws on anything not well-formed. */
function svgText(svg: string): { title: string; lines: string[]; root: string } {
  const parser = new SaxesParser();
  const stack: string[] = [];
  let root = '';
  let title = '';
  const lines: string[] = [];
  parser.on('opentag', (tag) => {
    stack.push(tag.name);
    if (!root) root = tag.name;
    if (tag.name === 'tspan') lines.push('');
  });
  parser.on('closetag', () => stack.pop());
  parser.on('text', (text) => {
    if (stack.at(-1) === 'title') title += text;
    if (stack.at(-1) === 'tspan') lines[lines.length - 1] += text;
  });
  parser.write(svg).close();
  return { title, lines, root };
}

describe.each(DIALECTS)('paper thumbnails on %s', (dialect) => {
  const web = useTestApp(dialect, async (store) => {
    await saveFixtures(store, [routing, hostile, rtl, controls, hiddenPaper]);
    const moderator = await signUp(store, { email: 'mod@example.org', password: 'mod password', displayName: 'Mod' }, NOW);
    await setRole(store, null, moderator.id, 'moderator', 'tests hide a paper', NOW);
    await hidePaper(store, { ...moderator, role: 'moderator' }, hiddenPaper.id, true, 'spam', NOW);
  });
  const get = (url: string, headers: Record<string, string> = {}) => web.app.inject({ method: 'GET', url, headers });

  it('draws the title on its category’s colour, cached for good under the versioned address', async () => {
    const path = thumbnailPath({ id: routing.id, title: routing.title, primaryCategory: 'cs.CL' });
    expect(path).toMatch(/^\/papers\/2603\.00010\/thumbnail\.svg\?v=[\w-]{10}$/);
    const res = await get(path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.etag).toMatch(/^"[\w-]{22}"$/);
    expect(svgText(res.body)).toEqual({
      root: 'svg',
      title: 'Sparse Routing for Long Contexts',
      lines: ['Sparse Routing for Long', 'Contexts'],
    });
    expect(res.body).toContain(`fill="${categoryColour('cs.CL')}"`);
    expect(res.body).toContain('>cs.CL</text>');
    // Deterministic: the same bytes again, and the ETag answers a revalidation.
    expect((await get(path)).body).toBe(res.body);
    const again = await get(path, { 'if-none-match': res.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('is cached only for a day under an address without the current version', async () => {
    for (const url of ['/papers/2603.00010/thumbnail.svg', '/papers/2603.00010/thumbnail.svg?v=old']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('public, max-age=86400');
    }
  });

  it('escapes markup, ampersands and quotes, and wraps and cuts a long title', async () => {
    const res = await get(thumbnailPath({ ...hostile, primaryCategory: 'cs.CL' }));
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script');
    expect(res.body).toContain('Tom &amp; Jerry&apos;s &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    const { title, lines } = svgText(res.body);
    expect(title).toBe(HOSTILE_TITLE);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(`Tom & Jerry's`);
    expect(lines[4]!.endsWith('…')).toBe(true);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(30);
  });

  it('sets right-to-left titles from the right edge', async () => {
    const res = await get(`/papers/${rtl.id}/thumbnail.svg`);
    expect(res.body).toContain('direction="rtl" text-anchor="end"');
    expect(svgText(res.body).lines).toEqual(['نماذج اللغة الكبيرة للترجمة']);
    expect(res.body).toContain('<tspan x="1120"');
  });

  it('stays well-formed XML when a title holds characters XML forbids', async () => {
    const { title } = svgText((await get(`/papers/${controls.id}/thumbnail.svg`)).body);
    expect(title).toBe('A bell  and an escape  in a title');
  });

  it('renders the same picture as a 1200×630 PNG for link previews, the same bytes every time', async () => {
    const path = thumbnailPngPath({ id: routing.id, title: routing.title, primaryCategory: 'cs.CL' });
    expect(path).toBe(
      thumbnailPath({ id: routing.id, title: routing.title, primaryCategory: 'cs.CL' }).replace('.svg?', '.png?'),
    );
    const res = await get(path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(pngSize(res.rawPayload)).toEqual({ width: 1200, height: 630 });
    expect((await get(path)).rawPayload.equals(res.rawPayload)).toBe(true);
    const again = await get(path, { 'if-none-match': res.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect((await get(`/papers/${routing.id}/thumbnail.png`)).headers['cache-control']).toBe('public, max-age=86400');
    // A hostile title is text in the picture, not markup that breaks it.
    expect(pngSize((await get(`/papers/${hostile.id}/thumbnail.png`)).rawPayload)).toEqual({ width: 1200, height: 630 });
  });

  it('answers 404 for unknown and hidden papers', async () => {
    for (const url of [
      '/papers/2603.09999/thumbnail.svg',
      `/papers/${hiddenPaper.id}/thumbnail.svg`,
      '/papers/nonsense/thumbnail.svg',
      '/papers/2603.09999/thumbnail.png',
      `/papers/${hiddenPaper.id}/thumbnail.png`,
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['cache-control'], url).toBeUndefined();
    }
  });

  it('changes its address when the title changes, and keeps one colour per category', () => {
    const before = thumbnailPath({ id: '1', title: 'A', primaryCategory: 'cs.CL' });
    expect(thumbnailPath({ id: '1', title: 'A', primaryCategory: 'cs.CL' })).toBe(before);
    expect(thumbnailPath({ id: '1', title: 'B', primaryCategory: 'cs.CL' })).not.toBe(before);
    expect(categoryColour('cs.CL')).toBe(categoryColour('cs.CL'));
    expect(categoryColour('cs.CL')).not.toBe(categoryColour('cs.CV'));
    expect(wrap('abcdefghij klm', 4, 5)).toEqual(['abcd', 'efgh', 'ij', 'klm']);
  });
});
