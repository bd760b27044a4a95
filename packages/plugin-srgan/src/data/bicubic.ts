/**
 * Bicubic resizing as MATLAB's `imresize(..., 'bicubic')` does it, which is how DIV2K's
 * `_LR_bicubic` images and the papers' bicubic baselines are made: Keys' cubic (a = −0.5), pixel
 * centres aligned (u = (x + 0.5) / scale − 0.5), symmetric padding at the borders, and when
 * shrinking the kernel is widened by 1/scale (antialiasing). Separable: columns, then rows.
 */
import type { Image } from '@faceforge/core';

function cubic(x: number): number {
  const a = Math.abs(x);
  if (a <= 1) return 1.5 * a * a * a - 2.5 * a * a + 1;
  if (a <= 2) return -0.5 * a * a * a + 2.5 * a * a - 4 * a + 2;
  return 0;
}

interface Contributions {
  /** Taps per output position. */
  taps: number;
  /** outLength × taps source indices and normalised weights. */
  indices: Int32Array;
  weights: Float32Array;
}

/** Symmetric (mirror with edge repeat) index into 0..length−1, as MATLAB's imresize pads. */
function mirror(index: number, length: number): number {
  const period = 2 * length;
  let i = ((index % period) + period) % period;
  if (i >= length) i = period - 1 - i;
  return i;
}

function contributions(inLength: number, outLength: number): Contributions {
  const scale = outLength / inLength;
  const shrink = scale < 1;
  const kernelWidth = shrink ? 4 / scale : 4;
  const taps = Math.ceil(kernelWidth) + 2;
  const indices = new Int32Array(outLength * taps);
  const weights = new Float32Array(outLength * taps);
  for (let x = 0; x < outLength; x++) {
    const u = (x + 0.5) / scale - 0.5;
    const left = Math.floor(u - kernelWidth / 2);
    let sum = 0;
    for (let t = 0; t < taps; t++) {
      const j = left + t;
      const w = shrink ? scale * cubic(scale * (u - j)) : cubic(u - j);
      indices[x * taps + t] = mirror(j, inLength);
      weights[x * taps + t] = w;
      sum += w;
    }
    for (let t = 0; t < taps; t++) weights[x * taps + t]! /= sum;
  }
  return { taps, indices, weights };
}

/** `image` resized to width × height (any channel count; values are not clipped). */
export function resizeBicubic(image: Image, width: number, height: number): Image {
  const { channels: c } = image;
  const cols = contributions(image.width, width);
  const horizontal = new Float32Array(width * image.height * c);
  for (let y = 0; y < image.height; y++) {
    const row = y * image.width * c;
    for (let x = 0; x < width; x++) {
      const out = (y * width + x) * c;
      for (let t = 0; t < cols.taps; t++) {
        const w = cols.weights[x * cols.taps + t]!;
        if (w === 0) continue;
        const src = row + cols.indices[x * cols.taps + t]! * c;
        for (let k = 0; k < c; k++) horizontal[out + k]! += w * image.data[src + k]!;
      }
    }
  }
  const rows = contributions(image.height, height);
  const data = new Float32Array(width * height * c);
  for (let y = 0; y < height; y++) {
    const out = y * width * c;
    for (let t = 0; t < rows.taps; t++) {
      const w = rows.weights[y * rows.taps + t]!;
      if (w === 0) continue;
      const src = rows.indices[y * rows.taps + t]! * width * c;
      for (let i = 0; i < width * c; i++) data[out + i]! += w * horizontal[src + i]!;
    }
  }
  return { width, height, channels: c, data };
}
