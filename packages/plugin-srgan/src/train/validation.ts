/** Validation during training: mean PSNR (Y, 4 px border) of the generator on held-out images, and the preview strip. */
import type { RgbPixels, tf } from '@faceforge/core';
import { bicubicUpscale, superResolve } from '../inference/super-resolve.js';
import { encodePng } from '../data/pixels.js';
import { SCALE, type SrPair } from '../data/sr-images.js';
import { psnrY } from '../metrics/image-quality.js';

export function validationPsnr(generator: tf.LayersModel, pairs: readonly SrPair[]): number {
  let sum = 0;
  for (const pair of pairs) sum += psnrY(pair.hr, superResolve(generator, pair.lr), SCALE);
  return sum / pairs.length;
}

/** Nearest-neighbour ×4, so the LR column shows its pixels. */
function nearest(lr: RgbPixels): RgbPixels {
  const width = lr.width * SCALE;
  const data = new Uint8Array(width * lr.height * SCALE * 3);
  for (let y = 0; y < lr.height * SCALE; y++) {
    for (let x = 0; x < width; x++) {
      const src = (Math.floor(y / SCALE) * lr.width + Math.floor(x / SCALE)) * 3;
      data.set(lr.data.subarray(src, src + 3), (y * width + x) * 3);
    }
  }
  return { width, height: lr.height * SCALE, data };
}

/** Rows of LR | bicubic | SR | HR for the first `count` pairs, left-aligned on a black canvas. */
export async function previewStrip(generator: tf.LayersModel, pairs: readonly SrPair[], count = 3): Promise<Buffer> {
  const rows = pairs.slice(0, count).map((pair) => [nearest(pair.lr), bicubicUpscale(pair.lr), superResolve(generator, pair.lr), pair.hr]);
  const width = Math.max(...rows.map((row) => row.reduce((s, image) => s + image.width, 0)));
  const height = rows.reduce((s, row) => s + row[0]!.height, 0);
  const data = new Uint8Array(width * height * 3);
  let top = 0;
  for (const row of rows) {
    let left = 0;
    for (const image of row) {
      for (let y = 0; y < image.height; y++) data.set(image.data.subarray(y * image.width * 3, (y + 1) * image.width * 3), ((top + y) * width + left) * 3);
      left += image.width;
    }
    top += row[0]!.height;
  }
  return encodePng({ width, height, data });
}
