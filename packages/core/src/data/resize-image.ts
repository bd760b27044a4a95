/**
 * Resizing an in-memory image (any channel count), optionally from a window of it: a separable
 * triangle filter whose support widens with the shrink factor, so enlarging is plain bilinear
 * (half-pixel centres, edges replicated) and shrinking averages every source pixel it covers
 * instead of skipping some (masks stored at 128 px and faces at 512 px move between sizes often).
 */
import { createImage, type Image } from './image.js';

/** Part of an image, in source pixels (fractions allowed); it may reach outside: edges replicate. */
export interface ImageWindow {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface AxisTaps {
  /** For output i, source indices and weights in taps[i]. */
  indices: Int32Array[];
  weights: Float32Array[];
}

function axisTaps(sourceLength: number, start: number, span: number, outLength: number): AxisTaps {
  const scale = span / outLength;
  const support = Math.max(1, scale);
  const indices: Int32Array[] = [];
  const weights: Float32Array[] = [];
  for (let i = 0; i < outLength; i++) {
    const centre = start + (i + 0.5) * scale - 0.5;
    const first = Math.ceil(centre - support);
    const last = Math.floor(centre + support);
    const index: number[] = [];
    const weight: number[] = [];
    let total = 0;
    for (let j = first; j <= last; j++) {
      const w = 1 - Math.abs(j - centre) / support;
      if (w <= 0) continue;
      index.push(Math.min(sourceLength - 1, Math.max(0, j)));
      weight.push(w);
      total += w;
    }
    indices.push(Int32Array.from(index));
    weights.push(Float32Array.from(weight, (w) => w / total));
  }
  return { indices, weights };
}

/** `image` (or `window` of it) resized to width×height. */
export function resizeImage(image: Image, width: number, height: number, window: ImageWindow = { x: 0, y: 0, width: image.width, height: image.height }): Image {
  const { channels } = image;
  const columns = axisTaps(image.width, window.x, window.width, width);
  const rows = axisTaps(image.height, window.y, window.height, height);
  // horizontal pass over every source row, then vertical
  const horizontal = new Float32Array(image.height * width * channels);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < width; x++) {
      const index = columns.indices[x]!;
      const weight = columns.weights[x]!;
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let t = 0; t < index.length; t++) sum += weight[t]! * image.data[(y * image.width + index[t]!) * channels + c]!;
        horizontal[(y * width + x) * channels + c] = sum;
      }
    }
  }
  const out = createImage(width, height, channels);
  for (let y = 0; y < height; y++) {
    const index = rows.indices[y]!;
    const weight = rows.weights[y]!;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let t = 0; t < index.length; t++) sum += weight[t]! * horizontal[(index[t]! * width + x) * channels + c]!;
        out.data[(y * width + x) * channels + c] = sum;
      }
    }
  }
  return out;
}
