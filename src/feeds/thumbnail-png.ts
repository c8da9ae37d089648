/**
 * The paper's picture as a PNG, for link previews: Slack, X, Facebook and LinkedIn ignore SVG
 * images in `og:image`. The very drawing of thumbnail.ts, rasterised by resvg at its own size (1200×630) with
 * fonts named here, so the same title gives the same bytes (on one machine's fonts).
 */
import { existsSync } from 'node:fs';
import { renderAsync } from '@resvg/resvg-js';
import { paperPath } from './links.ts';
import { thumbnailSvg, thumbnailVersion, type Drawn } from './thumbnail.ts';

// Debian's fonts-dejavu-core (.ci/run installs it): the same glyphs on every machine that has it;
// elsewhere the system's own fonts, whatever they are.
const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((name) => `${FONT_DIR}/${name}`);
const HAS_FONTS = FONT_FILES.every((file) => existsSync(file));
const FONT_OPTIONS = HAS_FONTS
  ? { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' }
  : { loadSystemFonts: true };

/** Where the paper's PNG is: `/papers/{id}/thumbnail.png?v=<the SVG's version>`. */
export function thumbnailPngPath(paper: Drawn): string {
  return `${paperPath(paper.id)}/thumbnail.png?v=${thumbnailVersion(paper)}`;
}

/** Rasterised on libuv's thread pool (about 0.1 s of CPU), so the server keeps answering meanwhile. */
export async function thumbnailPng(paper: Drawn): Promise<Buffer> {
  const rendered = await renderAsync(thumbnailSvg(paper), { fitTo: { mode: 'original' }, font: FONT_OPTIONS });
  return rendered.asPng();
}
