/**
 * Sharpness as the variance of the Laplacian (the focus measure faceswap's `sort -s blur` and
 * most blur detectors use): cv2.Laplacian with its 3×3 4-neighbour kernel on the grey image,
 * variance over the pixels of the face region. Faces are measured at one analysis size so faces
 * of different resolutions compare, and only inside the face so a busy background does not count.
 */
import type { Image } from '../data/image.js';

/** ITU-R BT.601 luma, as cv2.cvtColor(RGB2GRAY). */
export function greyscale(image: Image): Float32Array {
  if (image.channels === 1) return image.data;
  const grey = new Float32Array(image.width * image.height);
  for (let i = 0; i < grey.length; i++) {
    grey[i] = 0.299 * image.data[i * image.channels]! + 0.587 * image.data[i * image.channels + 1]! + 0.114 * image.data[i * image.channels + 2]!;
  }
  return grey;
}

/**
 * Variance of the Laplacian over the interior pixels where `region` (1 channel, same size) is
 * at least ½; the whole interior without a region. Values in (0..255 grey)² units.
 */
export function laplacianVariance(image: Image, region?: Image): number {
  const { width, height } = image;
  const grey = greyscale(image);
  let count = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      if (region && region.data[i]! < 0.5) continue;
      const value = 255 * (grey[i - 1]! + grey[i + 1]! + grey[i - width]! + grey[i + width]! - 4 * grey[i]!);
      count++;
      sum += value;
      sumSquares += value * value;
    }
  }
  if (count === 0) return 0;
  const mean = sum / count;
  return sumSquares / count - mean * mean;
}
