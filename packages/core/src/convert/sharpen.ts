/**
 * Optional sharpening of the swapped face (faceswap's scaling/sharpen): the decoder's output is
 * softer than the frame around it. Gaussian: face + amount·(face − blur). Unsharp mask: the same,
 * but pixels where face and blur differ by less than `threshold` (0..255) stay as they are, so
 * flat skin does not turn grainy.
 */
import type { Image } from '../data/image.js';
import { blurMask, oddKernel } from '../image/blur-mask.js';
import { defineSection, option, type SectionValues } from '../config/options.js';

export const sharpenSection = defineSection('convert.sharpen', 'Sharpening of the swapped face before it is blended (off by default).', {
  method: option.choice({ choices: ['none', 'gaussian', 'unsharp_mask'] as const, default: 'none', group: 'sharpen', help: 'none, gaussian (sharpen everything) or unsharp_mask (leave low-contrast areas alone).' }),
  amount: option.integer({ default: 150, min: 100, max: 500, group: 'sharpen', help: 'Strength in percent: 150 adds 1.5 times the difference between the face and its blur.' }),
  radius: option.number({ default: 0.3, min: 0.1, max: 5, step: 0.1, group: 'sharpen', help: 'Blur radius as a percentage of the face size (at least a 3 px kernel).' }),
  threshold: option.number({ default: 5, min: 1, max: 10, step: 0.5, group: 'sharpen', help: 'unsharp_mask only: differences below this (on a 0-255 scale) are not sharpened.' }),
});

export type SharpenOptions = SectionValues<typeof sharpenSection>;

export function sharpenFace(face: Image, options: SharpenOptions): Image {
  if (options.method === 'none') return face;
  const kernel = Math.max(3, oddKernel((options.radius / 100) * face.width * 2));
  const blurred = blurMask(face, kernel);
  const amount = options.amount / 100;
  const out = new Float32Array(face.data.length);
  const limit = options.threshold / 255;
  for (let i = 0; i < out.length; i++) {
    const v = face.data[i]!;
    const difference = v - blurred.data[i]!;
    const sharpened = options.method === 'unsharp_mask' && Math.abs(difference) < limit ? v : v + amount * difference;
    out[i] = sharpened < 0 ? 0 : sharpened > 1 ? 1 : sharpened;
  }
  return { ...face, data: out };
}
