import type { Image, Point } from './image.js';

/**
 * Fills a polygon into channel 0 of `mask` (in place), without anti-aliasing. A pixel is filled
 * when its centre, at integer coordinates (the landmark convention), lies inside or on the
 * boundary, so the hull of a square's corners fills the whole square, edges included, as
 * cv2.fillConvexPoly does. Even-odd rule for the interior, then the outline is drawn so
 * boundary rows the half-open scanline rule skips are covered too.
 */
export function fillPolygon(mask: Image, polygon: readonly Point[], value = 1): Image {
  const { width, height, channels, data } = mask;
  const n = polygon.length;
  if (n === 0) return mask;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of polygon) {
    if (p[1] < minY) minY = p[1];
    if (p[1] > maxY) maxY = p[1];
  }
  const yStart = Math.max(0, Math.ceil(minY));
  const yEnd = Math.min(height - 1, Math.floor(maxY));
  const crossings = new Float64Array(n);
  for (let y = yStart; y <= yEnd; y++) {
    let count = 0;
    for (let i = 0; i < n; i++) {
      const a = polygon[i]!;
      const b = polygon[(i + 1) % n]!;
      // Half-open in y so a vertex shared by two edges is counted once.
      if ((a[1] <= y && b[1] > y) || (b[1] <= y && a[1] > y)) {
        crossings[count++] = a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1]);
      }
    }
    const xs = crossings.subarray(0, count).sort();
    const row = y * width;
    for (let k = 0; k + 1 < count; k += 2) {
      const x0 = Math.max(0, Math.ceil(xs[k]! - 1e-9));
      const x1 = Math.min(width - 1, Math.floor(xs[k + 1]! + 1e-9));
      for (let x = x0; x <= x1; x++) data[(row + x) * channels] = value;
    }
  }
  for (let i = 0; i < n; i++) drawSegment(mask, polygon[i]!, polygon[(i + 1) % n]!, value);
  return mask;
}

/** Marks the pixels nearest to evenly spaced points along a segment (at least one per pixel step). */
function drawSegment(mask: Image, a: Point, b: Point, value: number): void {
  const { width, height, channels, data } = mask;
  const steps = Math.max(1, Math.ceil(Math.max(Math.abs(b[0] - a[0]), Math.abs(b[1] - a[1]))));
  for (let s = 0; s <= steps; s++) {
    const t = s / steps;
    const x = Math.round(a[0] + (b[0] - a[0]) * t);
    const y = Math.round(a[1] + (b[1] - a[1]) * t);
    if (x >= 0 && x < width && y >= 0 && y < height) data[(y * width + x) * channels] = value;
  }
}
