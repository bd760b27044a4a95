import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './select-backend.js';
import { Rng } from '../util/rng.js';
import { assertClose, randomArray } from './test-helpers.js';

before(async () => { await selectBackend({ requested: 'wasm' }); });

const rng = new Rng(99);
const shapes = { x: [2, 12, 12, 3], w1: [5, 5, 3, 8], b1: [8], w2: [3, 3, 8, 12], target: [2, 12, 12, 3] };
const init = Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, randomArray(rng, s).map((v) => v * 0.5)]));

/** conv 5×5 s2 (+bias) → leakyRelu → conv 3×3 → depthToSpace, MSE loss; x is trained too so dx of the strided conv is checked. */
function gradients(backend: string, steps: number): { grads: Record<string, Float32Array>; losses: number[] } {
  const vars = {
    x: tf.variable(tf.tensor(init.x, shapes.x), true, `x_${backend}`),
    w1: tf.variable(tf.tensor(init.w1, shapes.w1), true, `w1_${backend}`),
    b1: tf.variable(tf.tensor(init.b1, shapes.b1), true, `b1_${backend}`),
    w2: tf.variable(tf.tensor(init.w2, shapes.w2), true, `w2_${backend}`),
  };
  const target = tf.tensor(init.target, shapes.target);
  const loss = () => {
    const h = tf.fused.conv2d({ x: vars.x as tf.Tensor4D, filter: vars.w1 as tf.Tensor4D, strides: 2, pad: 'same', bias: vars.b1 });
    const y = tf.conv2d(tf.leakyRelu(h, 0.1), vars.w2 as tf.Tensor4D, 1, 'same');
    return tf.losses.meanSquaredError(target, tf.depthToSpace(y, 2)) as tf.Scalar;
  };
  const first = tf.variableGrads(loss);
  const grads = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, first.grads[v.name].dataSync() as Float32Array]));
  const losses = [first.value.dataSync()[0]];
  tf.dispose(first.grads); first.value.dispose();
  const opt = tf.train.sgd(0.5);
  for (let i = 0; i < steps; i++) losses.push(tf.tidy(() => opt.minimize(loss, true)!.dataSync()[0]));
  opt.dispose(); tf.dispose([...Object.values(vars), target]);
  return { grads, losses };
}

test('a tiny conv net gets the same gradients on wasm as on cpu, and trains on wasm', async () => {
  await tf.setBackend('wasm');
  const wasm = gradients('wasm', 5);
  await tf.setBackend('cpu');
  const cpu = gradients('cpu', 0);
  for (const k of Object.keys(cpu.grads)) {
    assert.ok(cpu.grads[k].some((v) => v !== 0), `${k} gradient is not all zero`);
    assertClose(wasm.grads[k], cpu.grads[k], 1e-3, 1e-6, `d loss / d ${k}`);
  }
  assertClose([wasm.losses[0]], [cpu.losses[0]], 1e-5, 0, 'loss');
  assert.ok(wasm.losses.at(-1)! < wasm.losses[0] * 0.95, `loss ${wasm.losses.join(' → ')}`);
});
