import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { registerDepthToSpaceGradient, spaceToDepth } from './depth-to-space-grad.js';
import { selectBackend } from './select-backend.js';
import { Rng } from '../util/rng.js';
import { assertClose, onBackend, randomArray } from './test-helpers.js';

before(async () => {
  await selectBackend({ requested: 'wasm' });
  registerDepthToSpaceGradient(); // already done by selectBackend; must be harmless
});

// Independent 6-D formulation of NHWC DepthToSpace, differentiable with stock gradients.
function depthToSpaceReference(x: tf.Tensor4D, b: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return x.reshape([n, h, w, b, b, c / (b * b)]).transpose([0, 1, 3, 2, 4, 5]).reshape([n, h * b, w * b, c / (b * b)]);
}

const rng = new Rng(11);
const cases = [
  { shape: [2, 3, 4, 8] as [number, number, number, number], block: 2 },
  { shape: [1, 2, 3, 27] as [number, number, number, number], block: 3 },
];

for (const backend of ['cpu', 'wasm']) {
  test(`DepthToSpace gradient equals the gradient of reshape/transpose, and spaceToDepth inverts it (${backend})`, async () => {
    for (const { shape, block } of cases) {
      const xs = randomArray(rng, shape);
      const outShape = [shape[0], shape[1] * block, shape[2] * block, shape[3] / (block * block)];
      const ws = randomArray(rng, outShape);
      const [got, want, roundTrip] = await onBackend(backend, () => {
        const x = tf.tensor4d(xs, shape), w = tf.tensor(ws, outShape);
        const g1 = tf.grad((t: tf.Tensor) => tf.depthToSpace(t as tf.Tensor4D, block).mul(w).sum())(x);
        const g2 = tf.grad((t: tf.Tensor) => depthToSpaceReference(t as tf.Tensor4D, block).mul(w).sum())(x);
        const rt = spaceToDepth(tf.depthToSpace(x, block), block);
        return [g1.dataSync().slice(), g2.dataSync().slice(), rt.dataSync().slice()];
      });
      assert.deepEqual(Array.from(got), Array.from(want), `block ${block}`);
      assert.deepEqual(Array.from(roundTrip), Array.from(xs));
    }
  });
}

for (const backend of ['cpu', 'wasm']) {
  test(`DepthToSpace gradient passes a central finite-difference check (${backend})`, async () => {
    await tf.setBackend(backend);
    const shape: [number, number, number, number] = [2, 2, 3, 8];
    const outShape = [2, 4, 6, 2];
    const xs = randomArray(rng, shape), ws = randomArray(rng, outShape);
    const w = tf.tensor(ws, outShape);
    const f = (x: tf.Tensor) => tf.depthToSpace(x as tf.Tensor4D, 2).mul(w).sum();
    const analytic = tf.tidy(() => tf.grad(f)(tf.tensor4d(xs, shape)).dataSync().slice());
    const eps = 1e-2;
    const numeric = new Float32Array(xs.length);
    for (let i = 0; i < xs.length; i++) {
      const plus = xs.slice(), minus = xs.slice();
      plus[i] += eps; minus[i] -= eps;
      numeric[i] = tf.tidy(() => (f(tf.tensor4d(plus, shape)).dataSync()[0] - f(tf.tensor4d(minus, shape)).dataSync()[0]) / (2 * eps));
    }
    w.dispose();
    assertClose(analytic, numeric, 1e-3, 2e-3, `finite differences on ${backend}`);
  });
}
