import type { Image } from '../data/image.js';
import { blendPixel, blitImage, createCanvas, drawLine, encodePng, fillRect, type Canvas, type Rgb } from './canvas.js';
import { BITMAP_READABLE_SIZE, drawText, textRenderer, type TextItem, type TextRenderer } from './text.js';

/** One side's preview columns; entry i of every array belongs to sample row i. */
export interface PreviewColumns {
  original: Image[];
  reconstruction: Image[];
  swap: Image[];
  /** 1-channel masks (1 = face); when given, the out-of-mask area of the side's three columns is tinted. */
  mask?: Image[];
}

export interface PreviewInput {
  a: PreviewColumns;
  b: PreviewColumns;
  title?: string;
  /** Cell width in pixels; default: the face size times the smallest integer factor that reaches 96 px. */
  cellSize?: number;
  /** Force a text renderer (tests); default: auto-detected. */
  textRenderer?: TextRenderer;
}

/** Column labels in faceswap's order: target, reconstruction through its own decoder, swap. */
export const PREVIEW_LABELS = ['A', 'A > A', 'A > B', 'B', 'B > B', 'B > A'] as const;
export const MASK_COLOR: Rgb = [255, 0, 0];
export const MASK_OPACITY = 0.3;
export const MIN_CELL = 96;

const HEADER_BG: Rgb = [255, 255, 255];
const SEPARATOR: Rgb = [160, 160, 160];
const BLOCK_GAP_BG: Rgb = [64, 64, 64];

export interface PreviewLayout {
  samples: number;
  cellWidth: number;
  cellHeight: number;
  titleHeight: number;
  headerHeight: number;
  /** 1, or 2 when one block would be taller than wide. */
  blocks: number;
  rowsPerBlock: number;
  blockGap: number;
  width: number;
  height: number;
}

/** Geometry of the preview grid; exported so callers and tests can find a cell. */
export function previewLayout(input: PreviewInput): PreviewLayout {
  const samples = validate(input);
  const face = input.a.original[0];
  let cellWidth: number;
  let cellHeight: number;
  if (input.cellSize !== undefined) {
    if (!(input.cellSize >= 1)) throw new RangeError(`cellSize must be >= 1, got ${input.cellSize}`);
    cellWidth = Math.round(input.cellSize);
    cellHeight = Math.max(1, Math.round((cellWidth * face.height) / face.width));
  } else {
    // Integer factor so each network pixel becomes an exact block: nothing is invented by interpolation.
    const k = Math.max(1, Math.ceil(MIN_CELL / Math.min(face.width, face.height)));
    cellWidth = face.width * k;
    cellHeight = face.height * k;
  }
  // faceswap's header is patch/4.5; keep a floor so labels stay legible on small cells.
  const headerHeight = Math.max(24, Math.round(cellHeight / 4.5));
  const titleHeight = input.title ? headerHeight : 0;
  const blockWidth = 6 * cellWidth;
  const blocks = samples > 1 && titleHeight + headerHeight + samples * cellHeight > blockWidth ? 2 : 1;
  const rowsPerBlock = Math.ceil(samples / blocks);
  const blockGap = blocks > 1 ? Math.max(4, Math.round(cellWidth / 16)) : 0;
  return {
    samples,
    cellWidth,
    cellHeight,
    titleHeight,
    headerHeight,
    blocks,
    rowsPerBlock,
    blockGap,
    width: blocks * blockWidth + (blocks - 1) * blockGap,
    height: titleHeight + headerHeight + rowsPerBlock * cellHeight,
  };
}

/** Top-left pixel of the cell for sample `sample` in column `column` (0..5, PREVIEW_LABELS order). */
export function cellOrigin(layout: PreviewLayout, sample: number, column: number): { x: number; y: number } {
  const block = Math.floor(sample / layout.rowsPerBlock);
  const row = sample % layout.rowsPerBlock;
  return {
    x: block * (6 * layout.cellWidth + layout.blockGap) + column * layout.cellWidth,
    y: layout.titleHeight + layout.headerHeight + row * layout.cellHeight,
  };
}

function validate(input: PreviewInput): number {
  const n = input.a.original.length;
  if (n === 0) throw new RangeError('preview needs at least one sample');
  for (const [side, cols] of [['a', input.a], ['b', input.b]] as const) {
    for (const key of ['original', 'reconstruction', 'swap', 'mask'] as const) {
      const list = cols[key];
      if (list !== undefined && list.length !== n) {
        throw new RangeError(`preview ${side}.${key} has ${list.length} images, expected ${n} (one per sample row)`);
      }
    }
  }
  return n;
}

/** Tints the out-of-mask part of a drawn cell: opacity scales with (1 - mask), so mask = 1 pixels stay untouched. */
function tintCell(canvas: Canvas, mask: Image, x: number, y: number, w: number, h: number): void {
  const c = mask.channels;
  for (let yy = 0; yy < h; yy++) {
    const sy = Math.min(mask.height - 1, Math.floor((yy * mask.height) / h));
    for (let xx = 0; xx < w; xx++) {
      const sx = Math.min(mask.width - 1, Math.floor((xx * mask.width) / w));
      const m = Math.min(1, Math.max(0, mask.data[(sy * mask.width + sx) * c] || 0));
      if (m < 1) blendPixel(canvas, x + xx, y + yy, MASK_COLOR, MASK_OPACITY * (1 - m));
    }
  }
}

/**
 * Renders the training preview as a PNG, laid out like faceswap's: per sample row
 * `A | A > A | A > B | B | B > B | B > A`, a label header, and two side-by-side
 * column blocks when one block would be taller than wide.
 */
export async function renderPreview(input: PreviewInput): Promise<Buffer> {
  const L = previewLayout(input);
  const canvas = createCanvas(L.width, L.height, BLOCK_GAP_BG);
  const renderer = input.textRenderer ?? (await textRenderer());
  // The bitmap font needs a 16 px line box for 2× glyphs; the header (>= 24 px) has room.
  const fontSize = renderer === 'bitmap' ? Math.max(BITMAP_READABLE_SIZE, Math.round(L.headerHeight * 0.6)) : Math.round(L.headerHeight * 0.6);
  const labels: TextItem[] = [];

  if (L.titleHeight > 0 && input.title) {
    fillRect(canvas, 0, 0, L.width, L.titleHeight, HEADER_BG);
    labels.push({ text: input.title, x: L.width / 2, y: (L.titleHeight - fontSize) / 2, size: fontSize, anchor: 'middle', bold: true });
    drawLine(canvas, 0, L.titleHeight - 1, L.width - 1, L.titleHeight - 1, SEPARATOR);
  }

  for (let block = 0; block < L.blocks; block++) {
    const bx = block * (6 * L.cellWidth + L.blockGap);
    const hy = L.titleHeight;
    fillRect(canvas, bx, hy, 6 * L.cellWidth, L.headerHeight, HEADER_BG);
    PREVIEW_LABELS.forEach((label, col) => {
      labels.push({ text: label, x: bx + (col + 0.5) * L.cellWidth, y: hy + (L.headerHeight - fontSize) / 2, size: fontSize, anchor: 'middle', bold: true });
      // Separators only in the header, so every face cell shows exactly the network's pixels.
      if (col > 0) {
        const x = bx + col * L.cellWidth;
        drawLine(canvas, x, hy + 3, x, hy + L.headerHeight - 4, SEPARATOR, { width: col === 3 ? 3 : 1 });
      }
    });
  }

  for (let i = 0; i < L.samples; i++) {
    const sides = [input.a, input.b];
    for (let s = 0; s < 2; s++) {
      const cols = sides[s];
      const images = [cols.original[i], cols.reconstruction[i], cols.swap[i]];
      for (let c = 0; c < 3; c++) {
        const { x, y } = cellOrigin(L, i, s * 3 + c);
        blitImage(canvas, images[c], x, y, L.cellWidth, L.cellHeight);
        const mask = cols.mask?.[i];
        if (mask) tintCell(canvas, mask, x, y, L.cellWidth, L.cellHeight);
      }
    }
  }
  // An odd sample count leaves the last cells of the second block empty; they keep the gap colour.

  await drawText(canvas, labels, renderer);
  return encodePng(canvas);
}
