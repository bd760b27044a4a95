/**
 * PSNR and SSIM as SR papers report them (SRGAN, EDSR, ESRGAN tables; peers.md §3.6): on the Y
 * channel of BT.601 YCbCr (16..235) of 8-bit images, with `border` pixels (the scale) cut from each
 * side. SSIM is Wang et al. 2004's: 11×11 Gaussian window σ 1.5, K1 0.01, K2 0.03, L 255, averaged
 * over the window positions that fit inside the image ('valid').
 */
import type { RgbPixels } from '@faceforge/core';

/** BT.601 luma in 16..235 (MATLAB's rgb2ycbcr), as floats: no rounding, as BasicSR computes it. */
export function lumaY(pixels: RgbPixels, border = 0): { width: number; height: number; data: Float64Array } {
  const width = pixels.width - 2 * border;
  const height = pixels.height - 2 * border;
  if (width <= 0 || height <= 0) throw new Error(`a ${pixels.width}×${pixels.height} image has nothing left inside a ${border} px border`);
  const data = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = ((y + border) * pixels.width + x + border) * 3;
      data[y * width + x] = 16 + (65.481 * pixels.data[i]! + 128.553 * pixels.data[i + 1]! + 24.966 * pixels.data[i + 2]!) / 255;
    }
  }
  return { width, height, data };
}

function checkSameSize(a: RgbPixels, b: RgbPixels): void {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`images differ in size: ${a.width}×${a.height} and ${b.width}×${b.height}`);
}

/** PSNR (dB) of `test` against `reference` on Y; Infinity when they are identical. */
export function psnrY(reference: RgbPixels, test: RgbPixels, border = 4): number {
  checkSameSize(reference, test);
  const a = lumaY(reference, border).data;
  const b = lumaY(test, border).data;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  const mse = sum / a.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

function gaussianWindow(size = 11, sigma = 1.5): Float64Array {
  const w = new Float64Array(size * size);
  const half = (size - 1) / 2;
  let sum = 0;
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) sum += w[y * size + x] = Math.exp(-((x - half) ** 2 + (y - half) ** 2) / (2 * sigma * sigma));
  for (let i = 0; i < w.length; i++) w[i]! /= sum;
  return w;
}

const WINDOW = gaussianWindow();

/** Mean SSIM of `test` against `reference` on Y, border cut. */
export function ssimY(reference: RgbPixels, test: RgbPixels, border = 4): number {
  checkSameSize(reference, test);
  const A = lumaY(reference, border);
  const B = lumaY(test, border).data;
  const { width, height, data: a } = A;
  const size = 11;
  if (width < size || height < size) throw new Error(`SSIM needs at least ${size}×${size} px inside the border, the images have ${width}×${height}`);
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let total = 0;
  for (let y = 0; y + size <= height; y++) {
    for (let x = 0; x + size <= width; x++) {
      let ma = 0, mb = 0, saa = 0, sbb = 0, sab = 0;
      for (let wy = 0; wy < size; wy++) {
        const row = (y + wy) * width + x;
        for (let wx = 0; wx < size; wx++) {
          const w = WINDOW[wy * size + wx]!;
          const va = a[row + wx]!;
          const vb = B[row + wx]!;
          ma += w * va; mb += w * vb;
          saa += w * va * va; sbb += w * vb * vb; sab += w * va * vb;
        }
      }
      const va = saa - ma * ma;
      const vb = sbb - mb * mb;
      const cov = sab - ma * mb;
      total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
    }
  }
  return total / ((width - size + 1) * (height - size + 1));
}
