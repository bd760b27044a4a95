import sharp from 'sharp';
import { blendPixel, type Canvas, type Rgb } from './canvas.js';
import { GLYPH_HEIGHT, bitmapTextWidth, glyph } from './bitmap-font.js';

/** How labels are drawn: SVG <text> through sharp (librsvg + pango), or the built-in 5×7 bitmap font. */
export type TextRenderer = 'svg' | 'bitmap';

export interface TextItem {
  text: string;
  /** Left edge (anchor 'start'), centre ('middle') or right edge ('end'). */
  x: number;
  /** Top of the line box; the line box is `size` pixels tall. */
  y: number;
  /** Font size in pixels (em height). */
  size: number;
  color?: Rgb;
  anchor?: 'start' | 'middle' | 'end';
  bold?: boolean;
}

const FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";
// Where the baseline sits in a `size`-tall line box (DejaVu: ascent ~0.93 em, caps ~0.73 em).
const BASELINE = 0.8;

let probed: Promise<TextRenderer> | undefined;

/**
 * Which renderer to use here. FACEFORGE_TEXT=svg|bitmap forces one; otherwise SVG text is
 * probed once per process. The probe renders 'I' and 'W' and compares their ink widths:
 * with no usable font pango draws nothing or identical "tofu" boxes, and either way the
 * labels would be unreadable, so we fall back to the bitmap font.
 */
export function textRenderer(): Promise<TextRenderer> {
  const forced = process.env.FACEFORGE_TEXT;
  if (forced === 'svg' || forced === 'bitmap') return Promise.resolve(forced);
  probed ??= probeSvgText().then((ok) => (ok ? 'svg' : 'bitmap'), () => 'bitmap' as const);
  return probed;
}

async function inkWidth(ch: string): Promise<number> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="40"><text x="8" y="30" font-family="${FONT_FAMILY}" font-size="28" fill="#000">${ch}</text></svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let min = Infinity;
  let max = -Infinity;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      if (data[(y * info.width + x) * info.channels + 3] > 128) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
    }
  }
  return max >= min ? max - min + 1 : 0;
}

async function probeSvgText(): Promise<boolean> {
  const [i, w] = await Promise.all([inkWidth('I'), inkWidth('W')]);
  return i > 0 && w > 1.5 * i;
}

/** Approximate width in pixels, for layout (margins, centring). Errs on the wide side for SVG. */
export function textWidth(text: string, size: number, renderer: TextRenderer): number {
  if (renderer === 'bitmap') return bitmapTextWidth(text, bitmapScale(size));
  return Math.ceil([...text].length * size * 0.64);
}

/** Integer scale of the 5×7 font that keeps the glyphs (plus a spacing row) inside a `size`-tall line box. */
function bitmapScale(size: number): number {
  return Math.max(1, Math.floor(size / (GLYPH_HEIGHT + 1)));
}

/** The smallest font size at which the bitmap font is drawn at 2× (1× is legible but tiny). */
export const BITMAP_READABLE_SIZE = 2 * (GLYPH_HEIGHT + 1);

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

function hex(c: Rgb): string {
  return '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
}

/** Draws all items into the canvas with one renderer (auto-detected unless given). */
export async function drawText(canvas: Canvas, items: readonly TextItem[], renderer?: TextRenderer): Promise<void> {
  if (items.length === 0) return;
  const mode = renderer ?? (await textRenderer());
  if (mode === 'svg') await drawSvgText(canvas, items);
  else for (const item of items) drawBitmapText(canvas, item);
}

async function drawSvgText(canvas: Canvas, items: readonly TextItem[]): Promise<void> {
  // One SVG layer the size of the canvas, so a whole chart's labels cost one rasterisation.
  const parts = items.map((t) => {
    const anchor = t.anchor ?? 'start';
    const weight = t.bold ? ' font-weight="bold"' : '';
    return `<text x="${t.x}" y="${t.y + t.size * BASELINE}" font-size="${t.size}" text-anchor="${anchor}" fill="${hex(t.color ?? [0, 0, 0])}"${weight}>${escapeXml(t.text)}</text>`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${canvas.width}" height="${canvas.height}" font-family="${FONT_FAMILY}">${parts.join('')}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const ch = info.channels;
  for (let y = 0; y < Math.min(info.height, canvas.height); y++) {
    for (let x = 0; x < Math.min(info.width, canvas.width); x++) {
      const i = (y * info.width + x) * ch;
      const a = data[i + 3];
      if (a !== 0) blendPixel(canvas, x, y, [data[i], data[i + 1], data[i + 2]], a / 255);
    }
  }
}

function drawBitmapText(canvas: Canvas, item: TextItem): void {
  const scale = bitmapScale(item.size);
  const width = bitmapTextWidth(item.text, scale);
  const anchor = item.anchor ?? 'start';
  let x0 = Math.round(anchor === 'middle' ? item.x - width / 2 : anchor === 'end' ? item.x - width : item.x);
  // Centre the glyphs in the line box.
  const y0 = Math.round(item.y + (item.size - GLYPH_HEIGHT * scale) / 2);
  const color = item.color ?? [0, 0, 0];
  for (const ch of item.text) {
    const rows = glyph(ch);
    for (let gy = 0; gy < rows.length; gy++) {
      for (let gx = 0; gx < rows[gy].length; gx++) {
        if (rows[gy][gx] !== '#') continue;
        // Bold: widen each stroke by one pixel to the right.
        const w = scale + (item.bold ? Math.max(1, scale >> 1) : 0);
        for (let sy = 0; sy < scale; sy++) for (let sx = 0; sx < w; sx++) blendPixel(canvas, x0 + gx * scale + sx, y0 + gy * scale + sy, color);
      }
    }
    x0 += 6 * scale;
  }
}
