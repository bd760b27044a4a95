import type { Image } from './image.js';

/**
 * cv2.getStructuringElement(MORPH_ELLIPSE, (k, k)) as per-row spans: for row i the kernel covers
 * columns [start, end). Same rounding as OpenCV so results match its kernel shape.
 */
export function ellipseKernelRows(size: number): Array<{ start: number; end: number }> {
  const r = Math.floor(size / 2);
  const c = Math.floor(size / 2);
  const inverseR2 = r > 0 ? 1 / (r * r) : 0;
  const rows: Array<{ start: number; end: number }> = [];
  for (let i = 0; i < size; i++) {
    const dy = i - r;
    if (Math.abs(dy) <= r) {
      const dx = Math.round(c * Math.sqrt((r * r - dy * dy) * inverseR2));
      rows.push({ start: Math.max(c - dx, 0), end: Math.min(c + dx + 1, size) });
    } else {
      rows.push({ start: 0, end: 0 });
    }
  }
  return rows;
}

/**
 * faceswap's mask_dilation: an elliptical kernel whose size is `percent` % of the mask width;
 * positive dilates (max filter), negative erodes (min filter). Pixels outside the image are
 * ignored, like OpenCV's default morphology border. Works on channel-interleaved masks.
 */
export function dilateMask(mask: Image, percent: number): Image {
  const size = Math.round((mask.width * Math.abs(percent)) / 100);
  if (percent === 0 || size < 1) return { ...mask, data: new Float32Array(mask.data) };
  const grow = percent > 0;
  const { width, height, channels, data } = mask;
  const anchor = Math.floor(size / 2);
  const rows = ellipseKernelRows(size);
  const stride = width * channels;

  // Each kernel row is a horizontal min/max over [x+lo, x+hi]; rows with the same span share it.
  const spans = new Map<string, Float32Array>();
  const horizontalFor = (lo: number, hi: number): Float32Array => {
    const key = `${lo},${hi}`;
    const cached = spans.get(key);
    if (cached) return cached;
    const out = new Float32Array(data.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const x0 = Math.max(0, x + lo);
        const x1 = Math.min(width - 1, x + hi);
        for (let c = 0; c < channels; c++) {
          let best = grow ? -Infinity : Infinity;
          for (let xx = x0; xx <= x1; xx++) {
            const v = data[y * stride + xx * channels + c]!;
            if (grow ? v > best : v < best) best = v;
          }
          out[y * stride + x * channels + c] = best;
        }
      }
    }
    spans.set(key, out);
    return out;
  };

  const result = new Float32Array(data.length).fill(grow ? -Infinity : Infinity);
  rows.forEach(({ start, end }, i) => {
    if (end <= start) return;
    const horizontal = horizontalFor(start - anchor, end - 1 - anchor);
    const dy = i - anchor;
    for (let y = 0; y < height; y++) {
      const sy = y + dy;
      if (sy < 0 || sy >= height) continue;
      const target = y * stride;
      const source = sy * stride;
      for (let j = 0; j < stride; j++) {
        const v = horizontal[source + j]!;
        if (grow ? v > result[target + j]! : v < result[target + j]!) result[target + j] = v;
      }
    }
  });
  return { ...mask, data: result };
}
