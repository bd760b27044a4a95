import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { mirrorPadGradient } from './mirror-pad-grad.js';
import { selectBackend } from './select-backend.js';
import { Rng } from '../util/rng.js';
import { assertClose, onBackend, randomArray } from './test-helpers.js';

before(async () => {
  await selectBackend({ requested: 'wasm' }); // registers the gradient, as every backend selection does
});

/** Input index each padded index of an axis reads: an independent formulation of MirrorPad as a gather. */
function mirrorIndices(n: number, before: number, after: number, mode: 'reflect' | 'symmetric'): number[] {
  const sym = mode === 'symmetric' ? 1 : 0;
  return Array.from({ length: before + n + after }, (_, p) => {
    const c = p - before;
    return c < 0 ? -c - sym : c >= n ? 2 * (n - 1) - c + sym : c;
  });
}

/** MirrorPad as one gather per padded axis, differentiated by tfjs's own Gather gradient (a segment sum). */
function mirrorPadByGather(x: tf.Tensor, paddings: Array<[number, number]>, mode: 'reflect' | 'symmetric'): tf.Tensor {
  return paddings.reduce((t, [b, a], axis) => (b + a === 0 ? t : tf.gather(t, mirrorIndices(x.shape[axis]!, b, a, mode), axis)), x);
}

test('the MirrorPad gradient adds each border back onto the element it copied (1-D, by hand)', async () => {
  const w = tf.tensor1d([1, 2, 3, 4, 5, 6, 7]);
  const grad = (mode: 'reflect' | 'symmetric') => tf.grad((x: tf.Tensor) => tf.mirrorPad(x as tf.Tensor1D, [[2, 1]], mode).mul(w).sum())(tf.tensor1d([1, 2, 3, 4]));
  for (const backend of ['cpu', 'wasm']) {
    const [reflect, symmetric] = await onBackend(backend, () => [grad('reflect').arraySync(), grad('symmetric').arraySync()]);
    // reflect pads [x2 x1 | x0 x1 x2 x3 | x2]: x0 ← w2; x1 ← w1 + w3; x2 ← w0 + w4 + w6; x3 ← w5
    assert.deepEqual(reflect, [3, 2 + 4, 1 + 5 + 7, 6], backend);
    // symmetric pads [x1 x0 | x0 x1 x2 x3 | x3]: x0 ← w1 + w2; x1 ← w0 + w3; x2 ← w4; x3 ← w5 + w6
    assert.deepEqual(symmetric, [2 + 3, 1 + 4, 5, 6 + 7], backend);
  }
  w.dispose();
});

const rng = new Rng(23);
const cases: Array<{ shape: number[]; paddings: Array<[number, number]> }> = [
  { shape: [2, 6, 5, 3], paddings: [[0, 0], [1, 2], [1, 2], [0, 0]] }, // ReflectionPadding2D of a k5 s2 conv
  { shape: [1, 4, 4, 7], paddings: [[0, 0], [1, 1], [1, 1], [0, 0]] }, // k3 s1
  { shape: [3, 5, 4], paddings: [[2, 0], [0, 3], [1, 1]] }, // every axis, one-sided borders
];

for (const backend of ['cpu', 'wasm']) {
  test(`the MirrorPad gradient equals the gradient of the same pad written as gathers (${backend})`, async () => {
    for (const { shape, paddings } of cases) {
      for (const mode of ['reflect', 'symmetric'] as const) {
        const xs = randomArray(rng, shape);
        const outShape = shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
        const ws = randomArray(rng, outShape);
        // the reference on cpu: wasm has no UnsortedSegmentSum, Gather's gradient
        const [padded, want] = await onBackend('cpu', () => {
          const x = tf.tensor(xs, shape), w = tf.tensor(ws, outShape);
          return [mirrorPadByGather(x, paddings, mode).dataSync().slice(), tf.grad((t: tf.Tensor) => mirrorPadByGather(t, paddings, mode).mul(w).sum())(x).dataSync().slice()];
        });
        const [pad, got, ops] = await onBackend(backend, () => {
          const x = tf.tensor(xs, shape), w = tf.tensor(ws, outShape);
          return [
            tf.mirrorPad(x, paddings, mode).dataSync().slice(),
            tf.grad((t: tf.Tensor) => tf.mirrorPad(t, paddings, mode).mul(w).sum())(x).dataSync().slice(),
            mirrorPadGradient(w, paddings, mode).dataSync().slice(),
          ];
        });
        assert.deepEqual(Array.from(pad), Array.from(padded), `${backend} ${mode} [${shape}] forward`);
        assertClose(got, want, 1e-6, 1e-6, `${backend} ${mode} [${shape}] ${JSON.stringify(paddings)}`);
        assertClose(ops, want, 1e-6, 1e-6, `${backend} ${mode} [${shape}] mirrorPadGradient`);
      }
    }
  });
}
