import type { Image } from './image.js';

/**
 * Bilinear sample of all channels at (x, y) with BORDER_REPLICATE (coordinates clamped to the
 * image), written to out[outIndex…]. Allocation-free so it can run once per output pixel.
 */
export function sampleBilinearReplicate(image: Image, x: number, y: number, out: Float32Array, outIndex: number): void {
  const { width, height, channels, data } = image;
  const cx = x < 0 ? 0 : x > width - 1 ? width - 1 : x;
  const cy = y < 0 ? 0 : y > height - 1 ? height - 1 : y;
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = x0 + 1 < width ? x0 + 1 : x0;
  const y1 = y0 + 1 < height ? y0 + 1 : y0;
  const fx = cx - x0;
  const fy = cy - y0;
  const i00 = (y0 * width + x0) * channels;
  const i01 = (y0 * width + x1) * channels;
  const i10 = (y1 * width + x0) * channels;
  const i11 = (y1 * width + x1) * channels;
  for (let c = 0; c < channels; c++) {
    const top = data[i00 + c]! + (data[i01 + c]! - data[i00 + c]!) * fx;
    const bottom = data[i10 + c]! + (data[i11 + c]! - data[i10 + c]!) * fx;
    out[outIndex + c] = top + (bottom - top) * fy;
  }
}

/**
 * cv2.remap(INTER_LINEAR): out(x, y) = image(mapX(x, y), mapY(x, y)). Outside the image the
 * border is replicated; a NaN map entry keeps the source pixel at (x, y) (BORDER_TRANSPARENT
 * for points the map does not define).
 */
export function remap(image: Image, mapX: Float32Array, mapY: Float32Array): Image {
  const { width, height, channels, data } = image;
  const out = new Float32Array(data.length);
  for (let i = 0, n = width * height; i < n; i++) {
    const sx = mapX[i]!;
    const sy = mapY[i]!;
    if (Number.isNaN(sx) || Number.isNaN(sy)) {
      for (let c = 0; c < channels; c++) out[i * channels + c] = data[i * channels + c]!;
    } else {
      sampleBilinearReplicate(image, sx, sy, out, i * channels);
    }
  }
  return { width, height, channels, data: out };
}
