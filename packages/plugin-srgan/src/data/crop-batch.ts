/**
 * Training batches as the reference's DIV2K pipeline makes them (peers.md §3.5): per example a
 * random image, a random LR crop of hrCrop/4 px with the HR crop at 4× its offset, then (with
 * `augment`) a 90° rotation k ∈ {0, 1, 2, 3} and a left-right flip with p = 0.5, the same for LR and
 * HR. Seeded by (seed, step, example), so a resumed run draws the batches it would have drawn.
 * With `blur`, each LR crop is cut from the HR image blurred by its own σ (blurred-reduction.ts).
 */
import { Rng, type RgbPixels } from '@faceforge/core';
import { SCALE, type SrPair } from './sr-images.js';
import { blurSigma, blurredLrWindow } from './blurred-reduction.js';

export interface CropBatchOptions {
  hrCrop: number;
  batchSize: number;
  augment: boolean;
  seed: number;
  step: number;
  /** Largest Gaussian σ (HR pixels) blurring each crop before its ×4 reduction (`blur`); 0 or absent: the pairs' own LR images. */
  blur?: number;
}

export interface CropBatch {
  /** batch × lrCrop × lrCrop × 3 and batch × hrCrop × hrCrop × 3, RGB in [0, 1]. */
  lr: Float32Array;
  hr: Float32Array;
  lrCrop: number;
  hrCrop: number;
  batchSize: number;
}

export interface CropPlacement {
  image: number;
  x: number;
  y: number;
  /** Counter-clockwise quarter turns. */
  rotation: number;
  flip: boolean;
}

/** Where example `k` of `step` is cut from, and how it is turned. */
export function cropPlacement(pairs: readonly SrPair[], options: CropBatchOptions, k: number): CropPlacement {
  const rng = Rng.for(options.seed, 'srgan-crop', options.step, k);
  const image = rng.int(0, pairs.length - 1);
  const { lr } = pairs[image]!;
  const lrCrop = options.hrCrop / SCALE;
  const x = rng.int(0, lr.width - lrCrop);
  const y = rng.int(0, lr.height - lrCrop);
  const rotation = options.augment ? rng.int(0, 3) : 0;
  const flip = options.augment ? rng.chance(0.5) : false;
  return { image, x, y, rotation, flip };
}

/**
 * Copies the size×size window at (x, y) of `pixels`, flipped then turned, into `out` at `offset`
 * as floats. Output (i, j) reads source (r, c) of the flipped window.
 */
export function copyCrop(pixels: RgbPixels, x: number, y: number, size: number, rotation: number, flip: boolean, out: Float32Array, offset: number): void {
  const last = size - 1;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      // tf.image.rot90 / np.rot90 (counter-clockwise): out[i][j] = in[j][last - i] for one turn
      let r: number;
      let c: number;
      switch (rotation & 3) {
        case 0: r = i; c = j; break;
        case 1: r = j; c = last - i; break;
        case 2: r = last - i; c = last - j; break;
        default: r = last - j; c = i;
      }
      if (flip) c = last - c;
      const src = ((y + r) * pixels.width + (x + c)) * 3;
      const dst = offset + (i * size + j) * 3;
      out[dst] = pixels.data[src]! / 255;
      out[dst + 1] = pixels.data[src + 1]! / 255;
      out[dst + 2] = pixels.data[src + 2]! / 255;
    }
  }
}

export function cropBatch(pairs: readonly SrPair[], options: CropBatchOptions): CropBatch {
  const { hrCrop, batchSize } = options;
  if (hrCrop % SCALE !== 0) throw new Error(`the HR crop (${hrCrop}) must be a multiple of ${SCALE}`);
  const lrCrop = hrCrop / SCALE;
  const lr = new Float32Array(batchSize * lrCrop * lrCrop * 3);
  const hr = new Float32Array(batchSize * hrCrop * hrCrop * 3);
  for (let k = 0; k < batchSize; k++) {
    const p = cropPlacement(pairs, options, k);
    const pair = pairs[p.image]!;
    const sigma = blurSigma(options.blur ?? 0, options.seed, options.step, k);
    if (sigma > 0) copyCrop(blurredLrWindow(pair.hr, p.x, p.y, lrCrop, sigma), 0, 0, lrCrop, p.rotation, p.flip, lr, k * lrCrop * lrCrop * 3);
    else copyCrop(pair.lr, p.x, p.y, lrCrop, p.rotation, p.flip, lr, k * lrCrop * lrCrop * 3);
    copyCrop(pair.hr, p.x * SCALE, p.y * SCALE, hrCrop, p.rotation, p.flip, hr, k * hrCrop * hrCrop * 3);
  }
  return { lr, hr, lrCrop, hrCrop, batchSize };
}
