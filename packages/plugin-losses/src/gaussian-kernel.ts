import { tf } from '@faceforge/core';
import { cachedConstant } from './constant-cache.js';

/** Normalised 2-D Gaussian weights, row-major size×size (centre at (size−1)/2, works for even sizes). */
export function gaussianWeights(size: number, sigma: number): Float64Array {
  const centre = (size - 1) / 2;
  const weights = new Float64Array(size * size);
  let sum = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const value = Math.exp(-((y - centre) ** 2 + (x - centre) ** 2) / (2 * sigma * sigma));
      weights[y * size + x] = value;
      sum += value;
    }
  }
  for (let i = 0; i < weights.length; i++) weights[i] /= sum;
  return weights;
}

/** Cached [size,size,1,1] conv kernel of `gaussianWeights`. */
export function gaussianKernel(size: number, sigma: number): tf.Tensor4D {
  return cachedConstant(`gaussian:${size}:${sigma}`, () =>
    tf.tensor4d(Float32Array.from(gaussianWeights(size, sigma)), [size, size, 1, 1]),
  );
}
