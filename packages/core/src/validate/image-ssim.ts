/** SSIM of two images of values 0..1: each channel's (image/ssim.ts), averaged over the channels. */
import type { Image } from '../image/image.js';
import { planeSsim } from '../image/ssim.js';

export function imageSsim(a: Image, b: Image): number {
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels) {
    throw new Error(`SSIM of images of different shapes: ${a.width}x${a.height}x${a.channels} and ${b.width}x${b.height}x${b.channels}`);
  }
  const { width, height, channels } = a;
  const n = width * height;
  let total = 0;
  for (let c = 0; c < channels; c++) {
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = a.data[i * channels + c]!;
      y[i] = b.data[i * channels + c]!;
    }
    total += planeSsim(x, y, width, height, 1);
  }
  return total / channels;
}
