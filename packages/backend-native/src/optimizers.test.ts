import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createOptimizer, type OptimizerName } from '@faceforge/plugin-optimizers';
import { hasFusedKernel } from '@faceforge/core/backend';
import { BACKEND_NAME } from './index.js';
import { assertClose, randomValues } from './test-util.js';

const CASES: Array<{ name: OptimizerName; kernel: string; lr: number }> = [
  { name: 'adam', kernel: 'FaceforgeAdamUpdate', lr: 0.02 },
  { name: 'adabelief', kernel: 'FaceforgeAdaBeliefUpdate', lr: 0.02 },
  { name: 'rms-prop', kernel: 'FaceforgeRMSpropUpdate', lr: 0.005 },
];
const SHAPES = [[37], [3, 5, 7], [70000]];
const STEPS = 6;

for (const c of CASES) {
  test(`${c.name}: the native fused ${c.kernel} equals the optimizer's op path on cpu`, async () => {
    const train = async (backend: string) => {
      tf.setBackend(backend);
      assert.equal(hasFusedKernel(c.kernel), backend === BACKEND_NAME);
      const vars = SHAPES.map((s, i) => tf.variable(tf.tensor(randomValues(s.reduce((a, b) => a * b, 1), 10 + i), s), true, `${c.name}-${backend}-${i}`));
      const optimizer = createOptimizer(c.name, { learningRate: c.lr });
      for (let step = 0; step < STEPS; step++) {
        // grads depend on the current values so the trajectories would diverge if any step differed
        const grads = Object.fromEntries(vars.map((v, i) => [v.name, tf.tidy(() => v.mul(0.7).add(tf.tensor(randomValues(v.size, 100 * step + i), v.shape)))]));
        optimizer.applyGradients(vars, grads);
        tf.dispose(Object.values(grads));
      }
      const state = await optimizer.getState();
      const values = vars.map((v) => v.dataSync() as Float32Array);
      const slots = Object.keys(state.slots).sort().map((k) => state.slots[k]);
      optimizer.dispose();
      tf.dispose(vars);
      return { values, slots };
    };
    const ops = await train('cpu');
    const fused = await train(BACKEND_NAME);
    fused.values.forEach((v, i) => assertClose(v, ops.values[i], `${c.name} param ${i}`, 1e-5, 1e-6));
    assert.equal(fused.slots.length, ops.slots.length);
    fused.slots.forEach((s, i) => assertClose(s, ops.slots[i], `${c.name} slot ${i}`, 1e-5, 1e-9));
  });
}
