/**
 * Bicubic ×4 of an NHWC batch in tfjs ops (tfjs has no bicubic resize): the same kernel and pixel
 * alignment as `resizeBicubic` (Keys a = −0.5, u = (x + 0.5)/4 − 0.5). Each of the 4 output phases
 * along an axis is a fixed 4-tap weighted sum of shifted input rows; the phases are interleaved.
 * Borders repeat the edge pixel (MATLAB mirrors; with taps at most 2 px out the two differ only
 * in the outermost 2 output pixels).
 */
import type { Tf, tf } from '@faceforge/core';

const SCALE = 4;

function cubic(x: number): number {
  const a = Math.abs(x);
  if (a <= 1) return 1.5 * a * a * a - 2.5 * a * a + 1;
  if (a <= 2) return -0.5 * a * a * a + 2.5 * a * a - 4 * a + 2;
  return 0;
}

/** For phase p: the first tap's offset from the input index and the 4 weights. */
const PHASES = Array.from({ length: SCALE }, (_, p) => {
  const u = (p + 0.5) / SCALE - 0.5; // position relative to input pixel 0 of the block
  const left = Math.floor(u) - 1;
  const weights = [0, 1, 2, 3].map((t) => cubic(u - (left + t)));
  const sum = weights.reduce((s, w) => s + w, 0);
  return { left, weights: weights.map((w) => w / sum) };
});

/** ×4 along `axis` (1: height, 2: width) of a 4-D tensor. */
function upscaleAxis(tfjs: Tf, x: tf.Tensor4D, axis: 1 | 2): tf.Tensor4D {
  const length = x.shape[axis];
  const first = x.slice(axis === 1 ? [0, 0, 0, 0] : [0, 0, 0, 0], axis === 1 ? [-1, 1, -1, -1] : [-1, -1, 1, -1]);
  const last = x.slice(axis === 1 ? [0, length - 1, 0, 0] : [0, 0, length - 1, 0], axis === 1 ? [-1, 1, -1, -1] : [-1, -1, 1, -1]);
  const padded = tfjs.concat([first, first, x, last, last], axis); // index i of x is i + 2 here
  const phases = PHASES.map(({ left, weights }) => {
    let sum: tf.Tensor4D | undefined;
    weights.forEach((w, t) => {
      const start = left + t + 2;
      const begin: [number, number, number, number] = [0, 0, 0, 0];
      const size: [number, number, number, number] = [-1, -1, -1, -1];
      begin[axis] = start;
      size[axis] = length;
      const term = tfjs.mul(padded.slice(begin, size), w) as tf.Tensor4D;
      sum = sum ? (tfjs.add(sum, term) as tf.Tensor4D) : term;
    });
    return sum!;
  });
  // interleave: output index 4i + p comes from phase p at i
  const stacked = tfjs.stack(phases, axis + 1) as tf.Tensor; // [.., length, 4, ..]
  const shape = [...x.shape] as [number, number, number, number];
  shape[axis] = length * SCALE;
  return stacked.reshape(shape) as tf.Tensor4D;
}

/** Bicubic ×4 without clipping (values may overshoot [0, 1] at edges, as bicubic does). */
export function bicubicUpscaleUnclipped(tfjs: Tf, faces: tf.Tensor4D): tf.Tensor4D {
  return tfjs.tidy(() => upscaleAxis(tfjs, upscaleAxis(tfjs, faces, 1), 2));
}

export function bicubicUpscaleTensor(tfjs: Tf, faces: tf.Tensor4D): tf.Tensor4D {
  return tfjs.tidy(() => tfjs.clipByValue(bicubicUpscaleUnclipped(tfjs, faces), 0, 1) as tf.Tensor4D);
}
