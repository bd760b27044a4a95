/**
 * faceswap's avg-color: shift each channel of the swapped face by the mask-weighted mean
 * difference to the original face. Done twice: clipping to [0, 1] after the first shift can leave
 * part of it undone.
 */
import type { Image } from '@faceforge/core';

/** Mask-weighted mean of each channel of `image` (`weights` is 1 channel, same size). */
export function weightedChannelMeans(image: Image, weights: Image): number[] {
  const { channels, data } = image;
  const sums = new Array<number>(channels).fill(0);
  let total = 0;
  for (let i = 0, n = image.width * image.height; i < n; i++) {
    const w = weights.data[i]!;
    if (w <= 0) continue;
    total += w;
    for (let c = 0; c < channels; c++) sums[c]! += w * data[i * channels + c]!;
  }
  return sums.map((sum) => (total > 0 ? sum / total : 0));
}

export function averageColour(face: Image, original: Image, mask: Image): Image {
  const out = new Float32Array(face.data);
  const result = { ...face, data: out };
  for (let pass = 0; pass < 2; pass++) {
    const target = weightedChannelMeans(original, mask);
    const current = weightedChannelMeans(result, mask);
    const shift = target.map((t, c) => t - current[c]!);
    for (let i = 0; i < out.length; i++) {
      const v = out[i]! + shift[i % face.channels]!;
      out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
  return result;
}
