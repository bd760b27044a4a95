import type { Image } from './image.js';

/**
 * faceswap's mask_threshold (a %): values below t% become 0 and above (100 − t)% become 1,
 * which hardens a soft NN mask's fringes. 0 leaves the mask unchanged.
 */
export function thresholdMask(mask: Image, percent: number): Image {
  const low = percent / 100;
  const high = 1 - low;
  const data = new Float32Array(mask.data);
  if (percent > 0) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (v < low) data[i] = 0;
      else if (v > high) data[i] = 1;
    }
  }
  return { ...mask, data };
}
