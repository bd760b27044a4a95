// Test support: straightforward plain-JS (float64, index-clamping, no tfjs) re-derivations of the
// loss maths, used as independent oracles by the *.test.ts files next to this one.
import { tf } from '@faceforge/core';

export interface JsImage {
  n: number;
  h: number;
  w: number;
  c: number;
  data: Float64Array; // NHWC
}

export function makeImage(n: number, h: number, w: number, c: number, value: (b: number, y: number, x: number, ch: number) => number): JsImage {
  const data = new Float64Array(n * h * w * c);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) data[((b * h + y) * w + x) * c + ch] = value(b, y, x, ch);
  return { n, h, w, c, data };
}

export function pixel(img: JsImage, b: number, y: number, x: number, ch: number): number {
  return img.data[((b * img.h + y) * img.w + x) * img.c + ch];
}

/** Deterministic uniform [0,1) numbers (LCG), so tests need no seeds from tfjs. */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function randomImage(n: number, h: number, w: number, c: number, seed: number, low = 0, high = 1): JsImage {
  const next = lcg(seed);
  return makeImage(n, h, w, c, () => low + (high - low) * next());
}

export function reflectIndex(i: number, size: number): number {
  if (i < 0) return -i;
  if (i >= size) return 2 * (size - 1) - i;
  return i;
}

export function clampIndex(i: number, size: number): number {
  return Math.min(size - 1, Math.max(0, i));
}

/** Barron's generalized loss for one difference. */
export function barron(d: number, alpha: number, beta: number): number {
  const a = Math.abs(2 - alpha);
  return beta * (a / alpha) * (Math.pow((d / beta) ** 2 / a + 1, alpha / 2) - 1);
}

/** 1 − SSIM at every pixel: 11×11 Gaussian σ=1.5 window with reflected borders. */
export function ssimLossMap(x: JsImage, y: JsImage): Float64Array {
  const size = 11;
  const half = 5;
  const weights: number[] = [];
  let total = 0;
  for (let i = -half; i <= half; i++)
    for (let j = -half; j <= half; j++) {
      const v = Math.exp(-(i * i + j * j) / (2 * 1.5 * 1.5));
      weights.push(v);
      total += v;
    }
  const c1 = 0.01 ** 2;
  const c2 = 0.03 ** 2;
  const out = new Float64Array(x.data.length);
  for (let b = 0; b < x.n; b++)
    for (let r = 0; r < x.h; r++)
      for (let q = 0; q < x.w; q++)
        for (let ch = 0; ch < x.c; ch++) {
          let mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
          for (let i = 0; i < size; i++)
            for (let j = 0; j < size; j++) {
              const wgt = weights[i * size + j] / total;
              const yy = reflectIndex(r + i - half, x.h);
              const xx = reflectIndex(q + j - half, x.w);
              const a = pixel(x, b, yy, xx, ch);
              const p = pixel(y, b, yy, xx, ch);
              mx += wgt * a; my += wgt * p; mxx += wgt * a * a; myy += wgt * p * p; mxy += wgt * a * p;
            }
          const vx = mxx - mx * mx, vy = myy - my * my, cov = mxy - mx * my;
          const ssim = ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
          out[((b * x.h + r) * x.w + q) * x.c + ch] = 1 - ssim;
        }
  return out;
}

/** Naive orthonormal 2-D DFT of one h×w plane (row-major). */
export function naiveDft2d(plane: ArrayLike<number>, h: number, w: number): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(h * w);
  const im = new Float64Array(h * w);
  const scale = 1 / Math.sqrt(h * w);
  for (let k = 0; k < h; k++)
    for (let l = 0; l < w; l++) {
      let sr = 0, si = 0;
      for (let m = 0; m < h; m++)
        for (let n = 0; n < w; n++) {
          const angle = -2 * Math.PI * ((k * m) / h + (l * n) / w);
          sr += plane[m * w + n] * Math.cos(angle);
          si += plane[m * w + n] * Math.sin(angle);
        }
      re[k * w + l] = sr * scale;
      im[k * w + l] = si * scale;
    }
  return { re, im };
}

function channelPlane(img: JsImage, b: number, ch: number): Float64Array {
  const plane = new Float64Array(img.h * img.w);
  for (let y = 0; y < img.h; y++) for (let x = 0; x < img.w; x++) plane[y * img.w + x] = pixel(img, b, y, x, ch);
  return plane;
}

/** Focal frequency loss map (alpha 1, one patch), NHWC layout in frequency space. */
export function focalFrequencyMap(yTrue: JsImage, yPred: JsImage): Float64Array {
  const { n, h, w, c } = yTrue;
  const out = new Float64Array(yTrue.data.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++) {
      const ft = naiveDft2d(channelPlane(yTrue, b, ch), h, w);
      const fp = naiveDft2d(channelPlane(yPred, b, ch), h, w);
      const dist = ft.re.map((_, i) => (fp.re[i] - ft.re[i]) ** 2 + (fp.im[i] - ft.im[i]) ** 2);
      const magnitude = dist.map(Math.sqrt);
      const max = Math.max(...magnitude);
      for (let i = 0; i < h * w; i++) {
        const weight = max === 0 ? 0 : Math.min(1, magnitude[i] / max);
        out[(b * h * w + i) * c + ch] = weight * dist[i];
      }
    }
  return out;
}

/** faceswap GradientLoss map with one-sided differences at the borders (via index clamping). */
export function pixelGradientDiffMap(yTrue: JsImage, yPred: JsImage): Float64Array {
  const { n, h, w, c } = yTrue;
  const derivatives = (img: JsImage, b: number, y: number, x: number, ch: number): number[] => {
    const at = (dy: number, dx: number) => pixel(img, b, clampIndex(y + dy, h), clampIndex(x + dx, w), ch);
    return [
      (at(0, 1) - at(0, -1)) / 2,
      (at(1, 0) - at(-1, 0)) / 2,
      at(0, 1) + at(0, -1) - 2 * at(0, 0),
      at(1, 0) + at(-1, 0) - 2 * at(0, 0),
      (at(1, 1) + at(-1, -1) - at(-1, 1) - at(1, -1)) / 4,
    ];
  };
  const factors = [1, 1, 1, 1, 2];
  const out = new Float64Array(yTrue.data.length);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let ch = 0; ch < c; ch++) {
          const dt = derivatives(yTrue, b, y, x, ch);
          const dp = derivatives(yPred, b, y, x, ch);
          let sum = 0;
          for (let k = 0; k < 5; k++) sum += factors[k] * barron(dp[k] - dt[k], 1.9999, 1 / 255);
          out[((b * h + y) * w + x) * c + ch] = sum / 2;
        }
  return out;
}

/** GMSD loss map [N,H,W,1]: per-direction 5×5 Scharr responses, reflected borders. */
export function gmsdMap(yTrue: JsImage, yPred: JsImage, scharrY: number[][]): Float64Array {
  const { n, h, w, c } = yTrue;
  const edge = (img: JsImage, b: number, y: number, x: number, ch: number, horizontal: boolean): number => {
    let s = 0;
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 5; j++) {
        const k = horizontal ? scharrY[j][i] : scharrY[i][j];
        s += k * pixel(img, b, reflectIndex(y + i - 2, h), reflectIndex(x + j - 2, w), ch);
      }
    return s;
  };
  const out = new Float64Array(n * h * w);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        let sum = 0;
        for (let ch = 0; ch < c; ch++)
          for (const horizontal of [false, true]) {
            const t = edge(yTrue, b, y, x, ch, horizontal);
            const p = edge(yPred, b, y, x, ch, horizontal);
            sum += (2 * t * p + 0.0025) / (t * t + p * p + 0.0025);
          }
        out[(b * h + y) * w + x] = 1 - sum / (2 * c);
      }
  return out;
}

/** Largest |a − b| relative to max(|b|, floor). */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-6): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), floor));
  }
  return worst;
}

export function toTensor(img: JsImage): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from(img.data), [img.n, img.h, img.w, img.c]);
}
