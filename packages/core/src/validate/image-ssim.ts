/**
 * Structural similarity of two images of the same size (Wang et al. 2004): an 11×11 Gaussian window
 * (σ 1.5), C1 = (0.01)², C2 = (0.03)² for values 0..1, averaged over pixels and channels. Plain
 * JavaScript on a few validation faces; the loss plugin's SSIM is a tensor op for training.
 */
import type { Image } from '../image/image.js';

const RADIUS = 5;
const SIGMA = 1.5;
const C1 = 0.01 ** 2;
const C2 = 0.03 ** 2;
const KERNEL = (() => {
  const k = Array.from({ length: 2 * RADIUS + 1 }, (_, i) => Math.exp(-((i - RADIUS) ** 2) / (2 * SIGMA * SIGMA)));
  const sum = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / sum);
})();

/** Separable Gaussian blur of one channel plane, edges clamped. */
function blur(plane: Float64Array, width: number, height: number): Float64Array {
  const across = new Float64Array(plane.length);
  const out = new Float64Array(plane.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = -RADIUS; k <= RADIUS; k++) sum += KERNEL[k + RADIUS]! * plane[y * width + Math.min(width - 1, Math.max(0, x + k))]!;
      across[y * width + x] = sum;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = -RADIUS; k <= RADIUS; k++) sum += KERNEL[k + RADIUS]! * across[Math.min(height - 1, Math.max(0, y + k)) * width + x]!;
      out[y * width + x] = sum;
    }
  }
  return out;
}

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
    const mx = blur(x, width, height);
    const my = blur(y, width, height);
    const xx = blur(x.map((v) => v * v), width, height);
    const yy = blur(y.map((v) => v * v), width, height);
    const xy = blur(x.map((v, i) => v * y[i]!), width, height);
    for (let i = 0; i < n; i++) {
      const vx = xx[i]! - mx[i]! ** 2;
      const vy = yy[i]! - my[i]! ** 2;
      const cov = xy[i]! - mx[i]! * my[i]!;
      total += ((2 * mx[i]! * my[i]! + C1) * (2 * cov + C2)) / ((mx[i]! ** 2 + my[i]! ** 2 + C1) * (vx + vy + C2));
    }
  }
  return total / (n * channels);
}
