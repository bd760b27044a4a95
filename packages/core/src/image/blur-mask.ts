import type { Image } from './image.js';

/** OpenCV's sigma for a Gaussian kernel given only its size (cv2.GaussianBlur(..., sigma=0)). */
export function gaussianSigmaForKernel(kernel: number): number {
  return 0.3 * ((kernel - 1) * 0.5 - 1) + 0.8;
}

/** Even kernel sizes are bumped to the next odd one, as faceswap enforces. */
export function oddKernel(kernel: number): number {
  const k = Math.max(1, Math.round(kernel));
  return k % 2 === 0 ? k + 1 : k;
}

function gaussianWeights(kernel: number): Float32Array {
  const sigma = gaussianSigmaForKernel(kernel);
  const radius = (kernel - 1) / 2;
  const weights = new Float32Array(kernel);
  let sum = 0;
  for (let i = 0; i < kernel; i++) {
    const d = i - radius;
    weights[i] = Math.exp(-(d * d) / (2 * sigma * sigma));
    sum += weights[i]!;
  }
  for (let i = 0; i < kernel; i++) weights[i]! /= sum;
  return weights;
}

/** BORDER_REFLECT_101 (OpenCV's default): …c b | a b c … d | c b… */
function reflect101(i: number, n: number): number {
  if (n === 1) return 0;
  while (i < 0 || i >= n) i = i < 0 ? -i : 2 * (n - 1) - i;
  return i;
}

/**
 * Separable Gaussian blur of a mask (any channel count), kernel in pixels (made odd),
 * sigma derived from the kernel size the way OpenCV does. Kernel ≤ 1 returns a copy.
 */
export function blurMask(mask: Image, kernel: number): Image {
  const k = oddKernel(kernel);
  const { width, height, channels } = mask;
  if (k <= 1) return { ...mask, data: new Float32Array(mask.data) };
  const weights = gaussianWeights(k);
  const radius = (k - 1) / 2;
  const horizontal = new Float32Array(mask.data.length);
  const source = mask.data;
  // Border lookups are precomputed per offset so the inner loops stay branch-free.
  const xIndex = new Int32Array((width + 2 * radius));
  for (let x = -radius; x < width + radius; x++) xIndex[x + radius] = reflect101(x, width);
  const yIndex = new Int32Array((height + 2 * radius));
  for (let y = -radius; y < height + radius; y++) yIndex[y + radius] = reflect101(y, height);

  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let t = 0; t < k; t++) sum += weights[t]! * source[(row + xIndex[x + t]!) * channels + c]!;
        horizontal[(row + x) * channels + c] = sum;
      }
    }
  }
  const out = new Float32Array(mask.data.length);
  const stride = width * channels;
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < stride; i++) {
      let sum = 0;
      for (let t = 0; t < k; t++) sum += weights[t]! * horizontal[yIndex[y + t]! * stride + i]!;
      out[y * stride + i] = sum;
    }
  }
  return { ...mask, data: out };
}
