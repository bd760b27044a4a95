/** `sr eval` and the bench: PSNR and SSIM (Y, 4 px border) and images per second of an upscaler over HR/LR pairs. */
import type { RgbPixels } from '@faceforge/core';
import { SCALE, type SrPair } from '../data/sr-images.js';
import { psnrY, ssimY } from './image-quality.js';

export interface SrScore {
  psnr: number;
  ssim: number;
  imagesPerSecond: number;
  images: number;
}

/** `upscale` is timed alone (metrics excluded); its outputs must be the HR size. */
export async function scoreUpscaler(pairs: readonly SrPair[], upscale: (lr: RgbPixels) => RgbPixels | Promise<RgbPixels>): Promise<SrScore> {
  let psnr = 0;
  let ssim = 0;
  let seconds = 0;
  for (const pair of pairs) {
    const start = process.hrtime.bigint();
    const sr = await upscale(pair.lr);
    seconds += Number(process.hrtime.bigint() - start) / 1e9;
    psnr += psnrY(pair.hr, sr, SCALE);
    ssim += ssimY(pair.hr, sr, SCALE);
  }
  return { psnr: psnr / pairs.length, ssim: ssim / pairs.length, imagesPerSecond: pairs.length / seconds, images: pairs.length };
}
