/**
 * The one affine warp of extraction and convert: each output pixel averages a k×k grid of bilinear
 * samples over its footprint in the source (k = ⌈source pixels per output pixel⌉, 1 to 8), so a
 * face shrunk from a large frame is not aliased (what INTER_AREA does for a resize). Pixel centres
 * sit at integer coordinates.
 *
 * Extraction and convert each had their own copy, alike but for two points kept here as options
 * so that neither's pixels change: what a sample off the source reads, and how samples are summed.
 */
import type { PixelGrid } from './pixel-grid.js';

/** Row-major 2×3 affine [a, b, c, d, e, f]: x' = a·x + b·y + c, y' = d·x + e·y + f (augment/affine.ts's AffineMatrix). */
export type Affine2x3 = readonly [number, number, number, number, number, number];

export interface AreaWarpOptions {
  /**
   * 'zero': a sample more than half a pixel outside the source reads 0 (faceswap's warpAffine
   * border; extraction). 'replicate': it reads the nearest edge pixel (convert, which fades out
   * what lies off the frame with `inFrame`).
   */
  edge: 'zero' | 'replicate';
  /**
   * 'float32': each sample × 1/k² is added straight into the float32 output (extraction's warp).
   * 'float64': samples are rounded to float32, summed in float64 and divided by k² (convert's).
   * The two differ in the last bits, which can move an 8-bit face pixel by one.
   */
  sum: 'float32' | 'float64';
}

export interface AreaWarpResult {
  /** width×height pixels of the source's channel count. */
  data: Float32Array;
  /** width×height: the share of each pixel's samples that fell inside the source (0..1). */
  inFrame: Float32Array;
}

/**
 * Warps `source` into a width×height output; `inverse` maps output pixels to source pixels (the
 * inverse of the warp's own matrix), and its scale sets k.
 */
export function warpAffineArea(source: PixelGrid, inverse: Affine2x3, width: number, height: number, options: AreaWarpOptions): AreaWarpResult {
  if (source.channels === 3 && options.edge === 'zero' && options.sum === 'float32') return warpRgbZeroEdge(source, inverse, width, height);
  return warpAnyArea(source, inverse, width, height, options);
}

/** k = ⌈source pixels per output pixel⌉, 1 to 8. */
export function samplesPerSide(inverse: Affine2x3): number {
  const [a, b, , d, e] = inverse;
  return Math.min(8, Math.max(1, Math.ceil(Math.sqrt(Math.abs(a * e - b * d)) - 1e-6)));
}

/**
 * Extraction's case (RGB, zero edge, float32 sums) with the channel loop unrolled and the sample
 * offsets computed once: the same operations in the same order as warpAnyArea, so the same floats
 * (a 1080p frame's face takes 4 samples a pixel, and this warp ran as long as the nets).
 */
function warpRgbZeroEdge(source: PixelGrid, inverse: Affine2x3, width: number, height: number): AreaWarpResult {
  const { width: w, height: h, data } = source;
  const [a, b, c, d, e, f] = inverse;
  const k = samplesPerSide(inverse);
  const samples = k * k;
  const weight = 1 / samples;
  const offsets = new Float64Array(k);
  for (let i = 0; i < k; i++) offsets[i] = (i + 0.5) / k;
  const out = new Float32Array(width * height * 3);
  const inFrame = new Float32Array(width * height);
  const fround = Math.fround;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let red = 0, green = 0, blue = 0;
      let inside = 0;
      for (let j = 0; j < k; j++) {
        const oy = y + offsets[j]! - 0.5;
        for (let i = 0; i < k; i++) {
          const ox = x + offsets[i]! - 0.5;
          const sx = a * ox + b * oy + c;
          const sy = d * ox + e * oy + f;
          if (!(sx >= -0.5 && sy >= -0.5 && sx <= w - 0.5 && sy <= h - 0.5)) continue;
          inside++;
          const cx = sx < 0 ? 0 : sx > w - 1 ? w - 1 : sx;
          const cy = sy < 0 ? 0 : sy > h - 1 ? h - 1 : sy;
          const x0 = Math.floor(cx), y0 = Math.floor(cy);
          const x1 = x0 + 1 < w ? x0 + 1 : x0;
          const y1 = y0 + 1 < h ? y0 + 1 : y0;
          const fx = cx - x0, fy = cy - y0;
          const i00 = (y0 * w + x0) * 3, i01 = (y0 * w + x1) * 3, i10 = (y1 * w + x0) * 3, i11 = (y1 * w + x1) * 3;
          let top = data[i00]! + (data[i01]! - data[i00]!) * fx;
          let bottom = data[i10]! + (data[i11]! - data[i10]!) * fx;
          red = fround(red + (top + (bottom - top) * fy) * weight);
          top = data[i00 + 1]! + (data[i01 + 1]! - data[i00 + 1]!) * fx;
          bottom = data[i10 + 1]! + (data[i11 + 1]! - data[i10 + 1]!) * fx;
          green = fround(green + (top + (bottom - top) * fy) * weight);
          top = data[i00 + 2]! + (data[i01 + 2]! - data[i00 + 2]!) * fx;
          bottom = data[i10 + 2]! + (data[i11 + 2]! - data[i10 + 2]!) * fx;
          blue = fround(blue + (top + (bottom - top) * fy) * weight);
        }
      }
      const o = (y * width + x) * 3;
      out[o] = red;
      out[o + 1] = green;
      out[o + 2] = blue;
      inFrame[y * width + x] = inside / samples;
    }
  }
  return { data: out, inFrame };
}

/** Any channel count, edge and sum. */
export function warpAnyArea(source: PixelGrid, inverse: Affine2x3, width: number, height: number, options: AreaWarpOptions): AreaWarpResult {
  const { width: w, height: h, channels, data } = source;
  const [a, b, c, d, e, f] = inverse;
  const k = samplesPerSide(inverse);
  const samples = k * k;
  const weight = 1 / samples;
  const zeroEdge = options.edge === 'zero';
  const float32Sum = options.sum === 'float32';
  const out = new Float32Array(width * height * channels);
  const inFrame = new Float32Array(width * height);
  const sum = new Float64Array(channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * channels;
      sum.fill(0);
      let inside = 0;
      for (let j = 0; j < k; j++) {
        const oy = y + (j + 0.5) / k - 0.5;
        for (let i = 0; i < k; i++) {
          const ox = x + (i + 0.5) / k - 0.5;
          const sx = a * ox + b * oy + c;
          const sy = d * ox + e * oy + f;
          if (sx >= -0.5 && sy >= -0.5 && sx <= w - 0.5 && sy <= h - 0.5) inside++;
          else if (zeroEdge) continue;
          // Bilinear, coordinates clamped to the source (the edge pixel is replicated).
          const cx = sx < 0 ? 0 : sx > w - 1 ? w - 1 : sx;
          const cy = sy < 0 ? 0 : sy > h - 1 ? h - 1 : sy;
          const x0 = Math.floor(cx), y0 = Math.floor(cy);
          const x1 = x0 + 1 < w ? x0 + 1 : x0;
          const y1 = y0 + 1 < h ? y0 + 1 : y0;
          const fx = cx - x0, fy = cy - y0;
          const i00 = (y0 * w + x0) * channels, i01 = (y0 * w + x1) * channels;
          const i10 = (y1 * w + x0) * channels, i11 = (y1 * w + x1) * channels;
          for (let ch = 0; ch < channels; ch++) {
            const top = data[i00 + ch]! + (data[i01 + ch]! - data[i00 + ch]!) * fx;
            const bottom = data[i10 + ch]! + (data[i11 + ch]! - data[i10 + ch]!) * fx;
            const value = top + (bottom - top) * fy;
            if (float32Sum) out[o + ch]! += value * weight;
            else sum[ch]! += Math.fround(value);
          }
        }
      }
      if (!float32Sum) for (let ch = 0; ch < channels; ch++) out[o + ch] = sum[ch]! / samples;
      inFrame[y * width + x] = inside / samples;
    }
  }
  return { data: out, inFrame };
}
