/**
 * The picture of a paper that the hub draws itself: its title wrapped onto the colour of its
 * primary category, with the category's name, as an SVG the size of an Open Graph image.
 * Pure and deterministic: the same title and category give the same bytes, so the address
 * carries a hash of them (`?v=`) and the image can be cached for good.
 */
import { createHash } from 'node:crypto';
import type { Paper } from '../core/paper.ts';
import { paperPath } from './links.ts';

export type Drawn = Pick<Paper, 'id' | 'title' | 'primaryCategory'>;

/** The size of an Open Graph image, which the PNG (thumbnail-png.ts) is drawn at. */
export const THUMBNAIL_WIDTH = 1200;
export const THUMBNAIL_HEIGHT = 630;
const MARGIN = 80;
const FONT_SIZE = 60;
const LINE_HEIGHT = 76;
/** About how many characters of a sans-serif title fit a line at FONT_SIZE across the picture. */
const LINE_CHARS = 30;
const MAX_LINES = 5;
/** Changes whenever the drawing below does, so every picture's address changes with it. */
const DESIGN = '1';

/** Where the paper's picture is: `/papers/{id}/thumbnail.svg?v=<hash of what it shows>`. */
export function thumbnailPath(paper: Drawn): string {
  return `${paperPath(paper.id)}/thumbnail.svg?v=${thumbnailVersion(paper)}`;
}

/** A short hash of what the picture shows; a new title gives a new address. */
export function thumbnailVersion(paper: Drawn): string {
  return createHash('sha256')
    .update(`${DESIGN}\u0000${paper.primaryCategory ?? ''}\u0000${paper.title}`)
    .digest('base64url')
    .slice(0, 10);
}

/** A stable colour per category (a hue from its name), dark enough for white text (contrast above 7:1). */
export function categoryColour(category: string | null): string {
  if (category === null) return 'hsl(220 15% 25%)';
  const hue = createHash('sha256').update(category).digest().readUInt16BE(0) % 360;
  return `hsl(${hue} 60% 24%)`;
}

export function thumbnailSvg(paper: Drawn): string {
  const rtl = startsRightToLeft(paper.title);
  const x = rtl ? THUMBNAIL_WIDTH - MARGIN : MARGIN;
  const anchor = rtl ? ' direction="rtl" text-anchor="end"' : '';
  const lines = wrap(xmlText(paper.title), LINE_CHARS, MAX_LINES);
  const top = MARGIN + 150 + ((MAX_LINES - lines.length) * LINE_HEIGHT) / 2;
  const tspans = lines.map((line, i) => `<tspan x="${x}" y="${top + i * LINE_HEIGHT}">${escapeXml(line)}</tspan>`).join('');
  const label = paper.primaryCategory === null ? '' : escapeXml(xmlText(paper.primaryCategory));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${THUMBNAIL_WIDTH}" height="${THUMBNAIL_HEIGHT}" viewBox="0 0 ${THUMBNAIL_WIDTH} ${THUMBNAIL_HEIGHT}" role="img">`,
    `<title>${escapeXml(xmlText(paper.title))}</title>`,
    `<rect width="${THUMBNAIL_WIDTH}" height="${THUMBNAIL_HEIGHT}" fill="${categoryColour(paper.primaryCategory)}"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 30}" fill="#ffffffcc" font-family="system-ui, sans-serif" font-size="34" font-weight="600">${label}</text>`,
    `<text fill="#fff" font-family="system-ui, sans-serif" font-size="${FONT_SIZE}" font-weight="700"${anchor}>${tspans}</text>`,
    `<text x="${MARGIN}" y="${THUMBNAIL_HEIGHT - MARGIN + 20}" fill="#ffffffb3" font-family="system-ui, sans-serif" font-size="30">Daily Papers</text>`,
    '</svg>',
  ].join('');
}

/**
 * Words onto at most `maxLines` lines of about `width` characters; a word longer than a line
 * is cut, and a title that does not fit ends in an ellipsis.
 */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let rest = word; rest !== '';) {
      const room = line === '' ? width : width - line.length - 1;
      if ([...rest].length <= room) {
        line = line === '' ? rest : `${line} ${rest}`;
        rest = '';
      } else if (line !== '') {
        lines.push(line);
        line = '';
      } else {
        const chars = [...rest];
        lines.push(chars.slice(0, width).join(''));
        rest = chars.slice(width).join('');
      }
    }
  }
  if (line !== '') lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = [...kept[maxLines - 1]!];
  kept[maxLines - 1] = `${last
    .slice(0, width - 1)
    .join('')
    .trimEnd()}…`;
  return kept;
}

// Control characters but tab and newlines (XML 1.0 forbids the C0 ones), lone surrogates, U+FFFE/F.
const NOT_XML = /[^\P{Cc}\t\n\r]|\p{Cs}|[\uFFFE\uFFFF]/gu;

/** Text that can stand in XML: characters XML forbids become spaces. */
function xmlText(text: string): string {
  return text.replace(NOT_XML, ' ');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

// The first strong character decides a paragraph's direction (Unicode's bidi rule P2).
const FIRST_STRONG = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

function startsRightToLeft(text: string): boolean {
  const first = FIRST_STRONG.exec(text)?.[0];
  return first !== undefined && RIGHT_TO_LEFT.test(first);
}
