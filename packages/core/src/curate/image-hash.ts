/**
 * A perceptual difference hash (dHash): the grey face shrunk to 9×8, one bit per pair of
 * horizontal neighbours (is the left one brighter?). Near-identical images (the same frame saved
 * twice, consecutive still frames) differ in a few of the 64 bits; different faces in about half.
 */
import type { Image } from '../data/image.js';
import { resizeImage } from '../data/resize-image.js';
import { greyscale } from './sharpness.js';

export function differenceHash(image: Image): bigint {
  const small = resizeImage({ width: image.width, height: image.height, channels: 1, data: greyscale(image) }, 9, 8);
  let hash = 0n;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) hash = (hash << 1n) | (small.data[y * 9 + x]! > small.data[y * 9 + x + 1]! ? 1n : 0n);
  }
  return hash;
}

/** Number of differing bits. */
export function hammingDistance(a: bigint, b: bigint): number {
  let difference = a ^ b;
  let count = 0;
  while (difference) {
    count += Number(difference & 1n);
    difference >>= 1n;
  }
  return count;
}
