/**
 * The blur of the degradation model (BSRGAN/Real-ESRGAN's first step, without their other
 * degradations): a Gaussian blur of the HR image before the bicubic ×4 reduction, so the LR
 * images look like the soft faces a swap model's decoder outputs rather than clean reductions.
 * Separable, kernel radius ⌈3σ⌉, symmetric borders as the bicubic resize pads.
 */
import type { Image } from '@faceforge/core';

/** Normalised 1-D Gaussian taps for −radius..radius. */
export function gaussianKernel(sigma: number): Float32Array {
  if (!(sigma > 0)) return Float32Array.of(1);
  const radius = Math.ceil(3 * sigma);
  const taps = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += taps[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < taps.length; i++) taps[i]! /= sum;
  return taps;
}

/** Symmetric (mirror with edge repeat) index into 0..length−1. */
function mirror(index: number, length: number): number {
  const period = 2 * length;
  let i = ((index % period) + period) % period;
  if (i >= length) i = period - 1 - i;
  return i;
}

/** `image` blurred by a Gaussian of `sigma` pixels (any channel count); sigma 0 returns it unchanged. */
export function gaussianBlur(image: Image, sigma: number): Image {
  if (!(sigma > 0)) return image;
  const { width, height, channels: c } = image;
  const taps = gaussianKernel(sigma);
  const radius = (taps.length - 1) / 2;
  const horizontal = new Float32Array(image.data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width * c;
    for (let x = 0; x < width; x++) {
      const out = row + x * c;
      for (let t = 0; t < taps.length; t++) {
        const src = row + mirror(x + t - radius, width) * c;
        for (let k = 0; k < c; k++) horizontal[out + k]! += taps[t]! * image.data[src + k]!;
      }
    }
  }
  const data = new Float32Array(image.data.length);
  const stride = width * c;
  for (let y = 0; y < height; y++) {
    for (let t = 0; t < taps.length; t++) {
      const src = mirror(y + t - radius, height) * stride;
      const w = taps[t]!;
      for (let i = 0; i < stride; i++) data[y * stride + i]! += w * horizontal[src + i]!;
    }
  }
  return { width, height, channels: c, data };
}
