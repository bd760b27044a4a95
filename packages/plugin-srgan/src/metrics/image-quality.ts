/**
 * PSNR and SSIM as SR papers report them (SRGAN, EDSR, ESRGAN tables; peers.md §3.6): on the Y
 * channel of BT.601 YCbCr (16..235) of 8-bit images, with `border` pixels (the scale) cut from each
 * side. SSIM is core's planeSsim (Wang et al. 2004) with L 255.
 */
import { planeSsim, type RgbPixels } from '@faceforge/core';

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

/** Mean SSIM of `test` against `reference` on Y (8-bit range), border cut. */
export function ssimY(reference: RgbPixels, test: RgbPixels, border = 4): number {
  checkSameSize(reference, test);
  const a = lumaY(reference, border);
  return planeSsim(a.data, lumaY(test, border).data, a.width, a.height, 255);
}
