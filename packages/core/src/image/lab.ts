import type { Image } from './image.js';

/**
 * sRGB ↔ CIE Lab with OpenCV's COLOR_RGB2Lab semantics for 8-bit images: sRGB gamma, D65 white
 * (Xn 0.950456, Zn 1.088754), and the 8-bit scaling L·255/100, a + 128, b + 128. Values stay
 * float on that 0..255 scale (no uint8 rounding), so faceswap's colour formulas apply as written
 * and the round trip is lossless to float precision.
 */
const XN = 0.950456;
const ZN = 1.088754;
const EPSILON = 0.008856;
const KAPPA = 903.3;

function srgbToLinearExact(v: number): number {
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
}

/**
 * srgbToLinear of the 256 levels of an 8-bit image as float32 (k/255): faces decode to exactly these
 * values, and colour augmentation runs first, so the table answers almost every pixel without a pow.
 */
const LINEAR_OF_LEVEL = Float64Array.from({ length: 256 }, (_, k) => srgbToLinearExact(Math.fround(k / 255)));

function srgbToLinear(v: number): number {
  const level = Math.round(v * 255);
  return level >= 0 && level <= 255 && Math.fround(level / 255) === v ? LINEAR_OF_LEVEL[level]! : srgbToLinearExact(v);
}

/** v^(1/2.4) as v^(1/3) · v^(1/12): three times faster than Math.pow, and the same once stored as float32. */
export function powFiveTwelfths(v: number): number {
  const c = Math.cbrt(v);
  return c * Math.sqrt(Math.sqrt(c));
}

function linearToSrgb(v: number): number {
  const s = v <= 0.0031308 ? 12.92 * v : 1.055 * powFiveTwelfths(v) - 0.055;
  return s < 0 ? 0 : s > 1 ? 1 : s;
}

function labF(t: number): number {
  return t > EPSILON ? Math.cbrt(t) : 7.787 * t + 16 / 116;
}

function labFInverse(f: number): number {
  const cube = f * f * f;
  return cube > EPSILON ? cube : (f - 16 / 116) / 7.787;
}

/** RGB in [0, 1] (3 channels) → Lab on OpenCV's 8-bit scale (L, a, b each 0..255). */
export function rgbToLab(image: Image): Image {
  if (image.channels !== 3) throw new Error(`rgbToLab needs 3 channels, got ${image.channels}`);
  const src = image.data;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i += 3) {
    const r = srgbToLinear(src[i]!);
    const g = srgbToLinear(src[i + 1]!);
    const b = srgbToLinear(src[i + 2]!);
    const x = (0.412453 * r + 0.35758 * g + 0.180423 * b) / XN;
    const y = 0.212671 * r + 0.71516 * g + 0.072169 * b;
    const z = (0.019334 * r + 0.119193 * g + 0.950227 * b) / ZN;
    const fy = labF(y);
    const lightness = y > EPSILON ? 116 * fy - 16 : KAPPA * y;
    out[i] = (lightness * 255) / 100;
    out[i + 1] = 500 * (labF(x) - fy) + 128;
    out[i + 2] = 200 * (fy - labF(z)) + 128;
  }
  return { ...image, data: out };
}

/** Inverse of rgbToLab; out-of-gamut results are clipped to [0, 1] as OpenCV saturates. */
export function labToRgb(lab: Image): Image {
  if (lab.channels !== 3) throw new Error(`labToRgb needs 3 channels, got ${lab.channels}`);
  const src = lab.data;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i += 3) {
    const lightness = (src[i]! * 100) / 255;
    const fy = (lightness + 16) / 116;
    const fx = fy + (src[i + 1]! - 128) / 500;
    const fz = fy - (src[i + 2]! - 128) / 200;
    const y = lightness > KAPPA * EPSILON ? fy * fy * fy : lightness / KAPPA;
    const x = labFInverse(fx) * XN;
    const z = labFInverse(fz) * ZN;
    out[i] = linearToSrgb(3.240479 * x - 1.53715 * y - 0.498535 * z);
    out[i + 1] = linearToSrgb(-0.969256 * x + 1.875991 * y + 0.041556 * z);
    out[i + 2] = linearToSrgb(0.055648 * x - 0.204043 * y + 1.057311 * z);
  }
  return { ...lab, data: out };
}
