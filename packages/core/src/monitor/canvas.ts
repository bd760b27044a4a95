import sharp from 'sharp';
import type { Image } from '../data/image.js';

/** 8-bit RGB colour. */
export type Rgb = readonly [number, number, number];

/**
 * An 8-bit RGB raster the monitor renderers draw into before encoding.
 * Plain bytes rather than float Images: the output is a PNG for people, and
 * exact byte colours make the renderers testable pixel by pixel.
 */
export interface Canvas {
  width: number;
  height: number;
  data: Uint8Array;
}

export function createCanvas(width: number, height: number, background: Rgb = [255, 255, 255]): Canvas {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`canvas size must be positive integers, got ${width}x${height}`);
  }
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) {
    data[i] = background[0];
    data[i + 1] = background[1];
    data[i + 2] = background[2];
  }
  return { width, height, data };
}

/** Blends `color` over one pixel with opacity `alpha`; out-of-bounds is ignored so callers need not clip. */
export function blendPixel(canvas: Canvas, x: number, y: number, color: Rgb, alpha = 1): void {
  if (x < 0 || y < 0 || x >= canvas.width || y >= canvas.height) return;
  const i = (y * canvas.width + x) * 3;
  const d = canvas.data;
  if (alpha >= 1) {
    d[i] = color[0];
    d[i + 1] = color[1];
    d[i + 2] = color[2];
    return;
  }
  if (alpha <= 0) return;
  d[i] = Math.round(d[i] * (1 - alpha) + color[0] * alpha);
  d[i + 1] = Math.round(d[i + 1] * (1 - alpha) + color[1] * alpha);
  d[i + 2] = Math.round(d[i + 2] * (1 - alpha) + color[2] * alpha);
}

export function fillRect(canvas: Canvas, x: number, y: number, w: number, h: number, color: Rgb, alpha = 1): void {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(canvas.width, Math.floor(x + w));
  const y1 = Math.min(canvas.height, Math.floor(y + h));
  for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) blendPixel(canvas, xx, yy, color, alpha);
}

export interface LineStyle {
  /** Thickness in pixels (square brush). */
  width?: number;
  alpha?: number;
  /** [on, off] lengths in pixels along each segment's major axis. */
  dash?: readonly [number, number];
  /** Only pixels inside this rectangle (x0,y0 inclusive; x1,y1 exclusive) are drawn. */
  clip?: { x0: number; y0: number; x1: number; y1: number };
}

/**
 * Strokes a polyline without anti-aliasing. Aliased on purpose: every drawn pixel has exactly
 * the series colour (or one blend of it), and at chart sizes it reads fine.
 * Each pixel is painted at most once per call, so a translucent line does not darken where
 * segments or the brush overlap; a dense noisy series shows as an even faint band.
 */
export function strokePolyline(canvas: Canvas, points: readonly (readonly [number, number])[], color: Rgb, style: LineStyle = {}): void {
  const width = Math.max(1, Math.round(style.width ?? 1));
  const alpha = style.alpha ?? 1;
  const lo = -Math.floor((width - 1) / 2);
  const hi = lo + width - 1;
  const clip = style.clip ?? { x0: 0, y0: 0, x1: canvas.width, y1: canvas.height };
  const cx0 = Math.max(0, clip.x0);
  const cy0 = Math.max(0, clip.y0);
  const cx1 = Math.min(canvas.width, clip.x1);
  const cy1 = Math.min(canvas.height, clip.y1);
  const coverage = new Uint8Array(canvas.width * canvas.height);
  const stamp = (cx: number, cy: number): void => {
    for (let dy = lo; dy <= hi; dy++) {
      const py = cy + dy;
      if (py < cy0 || py >= cy1) continue;
      for (let dx = lo; dx <= hi; dx++) {
        const px = cx + dx;
        if (px >= cx0 && px < cx1) coverage[py * canvas.width + px] = 1;
      }
    }
  };
  if (points.length === 1) stamp(Math.round(points[0][0]), Math.round(points[0][1]));
  for (let p = 1; p < points.length; p++) {
    const [x0, y0] = points[p - 1];
    const [x1, y1] = points[p];
    // Far off-canvas segments (clipped outliers) would cost steps for nothing.
    const steps = Math.min(4 * (canvas.width + canvas.height), Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)))));
    for (let s = 0; s <= steps; s++) {
      if (style.dash && s % (style.dash[0] + style.dash[1]) >= style.dash[0]) continue;
      const t = s / steps;
      stamp(Math.round(x0 + (x1 - x0) * t), Math.round(y0 + (y1 - y0) * t));
    }
  }
  for (let i = 0; i < coverage.length; i++) {
    if (coverage[i]) blendPixel(canvas, i % canvas.width, Math.floor(i / canvas.width), color, alpha);
  }
}

export function drawLine(canvas: Canvas, x0: number, y0: number, x1: number, y1: number, color: Rgb, style: LineStyle = {}): void {
  strokePolyline(canvas, [[x0, y0], [x1, y1]], color, style);
}

/** Float [0,1] sample to a byte, clamped; NaN shows as black rather than poisoning the PNG. */
export function toByte(v: number): number {
  if (!(v > 0)) return 0;
  if (v >= 1) return 255;
  return Math.round(v * 255);
}

/**
 * Copies `image` into the canvas at (x, y), resized with nearest neighbour to w×h.
 * Nearest keeps integer upscales exact (each source pixel becomes a block), which is what
 * a training preview wants: you see the network's real pixels, not interpolation.
 * 1-channel images are shown as grey; a 4th channel is ignored.
 */
export function blitImage(canvas: Canvas, image: Image, x: number, y: number, w: number, h: number): void {
  const { width: iw, height: ih, channels: c, data } = image;
  for (let yy = 0; yy < h; yy++) {
    const sy = Math.min(ih - 1, Math.floor((yy * ih) / h));
    for (let xx = 0; xx < w; xx++) {
      const sx = Math.min(iw - 1, Math.floor((xx * iw) / w));
      const si = (sy * iw + sx) * c;
      const r = toByte(data[si]);
      const g = c >= 3 ? toByte(data[si + 1]) : r;
      const b = c >= 3 ? toByte(data[si + 2]) : r;
      blendPixel(canvas, x + xx, y + yy, [r, g, b]);
    }
  }
}

export async function encodePng(canvas: Canvas): Promise<Buffer> {
  return sharp(canvas.data, { raw: { width: canvas.width, height: canvas.height, channels: 3 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
}
