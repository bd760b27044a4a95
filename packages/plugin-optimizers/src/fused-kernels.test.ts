import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { createOptimizer, type OptimizerName } from './create-optimizer.js';
import { FUSED_ADABELIEF_UPDATE, FUSED_ADAM_UPDATE, FUSED_RMSPROP_UPDATE, hasFusedKernel } from '@faceforge/core/backend';
import { registerJsAdaBeliefKernel, registerJsAdamKernel, registerJsRMSpropKernel } from './test-support/js-fused-kernels.js';
import { ReferenceOptimizer } from './test-support/torch-reference.js';
import {
  assertClose, createVariables, makeProblem, referenceParams, trainReferenceSteps, trainSteps,
} from './test-support/quadratic.js';

const CASES: Array<{ name: OptimizerName; kernel: string; register: (b: string) => { calls: number }; hyper: Record<string, number>; lr: number }> = [
  { name: 'adam', kernel: FUSED_ADAM_UPDATE, register: registerJsAdamKernel, hyper: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, lr: 0.02 },
  { name: 'adabelief', kernel: FUSED_ADABELIEF_UPDATE, register: registerJsAdaBeliefKernel, hyper: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, lr: 0.02 },
  { name: 'rms-prop', kernel: FUSED_RMSPROP_UPDATE, register: registerJsRMSpropKernel, hyper: { rho: 0.99, epsilon: 1e-7 }, lr: 0.005 },
];
const SHAPES = [[5], [2, 3]];
const STEPS = 15;

for (const c of CASES) {
  test(`${c.name}: a registered ${c.kernel} kernel is used and gives the op path's numbers`, async () => {
    await tf.setBackend('cpu');
    const problem = makeProblem(`${c.name}-fused`, SHAPES);

    // Op path first, with no kernel registered.
    assert.equal(hasFusedKernel(c.kernel), false);
    const opVars = createVariables(problem, '-ops');
    const opOptimizer = createOptimizer(c.name, { learningRate: c.lr });
    trainSteps(opOptimizer, problem, opVars, STEPS);

    const counter = c.register('cpu');
    try {
      assert.equal(hasFusedKernel(c.kernel), true);
      const vars = createVariables(problem);
      const optimizer = createOptimizer(c.name, { learningRate: c.lr });
      trainSteps(optimizer, problem, vars, 1);
      const afterFirst = tf.memory().numTensors;
      trainSteps(optimizer, problem, vars, STEPS - 1);
      assert.equal(tf.memory().numTensors, afterFirst, 'fused path leaks no tensors');
      assert.equal(counter.calls, STEPS * vars.length, 'one kernel call per variable per step');

      const reference = new ReferenceOptimizer(c.name, { lr: c.lr, ...c.hyper } as never);
      const params = referenceParams(problem);
      trainReferenceSteps(reference, problem, params, STEPS);
      const [fusedState, opState] = [await optimizer.getState(), await opOptimizer.getState()];
      problem.forEach((q, k) => {
        assertClose(vars[k].dataSync(), opVars[k].dataSync(), 1e-5, 1e-6, `${q.name} fused vs ops`);
        assertClose(vars[k].dataSync(), params.get(q.name)!, 1e-5, 1e-6, `${q.name} fused vs reference`);
        for (const key of Object.keys(fusedState.slots).filter((s) => s.startsWith(`${q.name}/`))) {
          const opKey = key.replace(q.name, `${q.name}-ops`);
          assertClose(fusedState.slots[key], opState.slots[opKey], 1e-5, 1e-9, key);
        }
      });
      optimizer.dispose();
      tf.dispose(vars);
    } finally {
      tf.unregisterKernel(c.kernel, 'cpu');
    }
    opOptimizer.dispose();
    tf.dispose(opVars);
  });
}

test('a fused kernel that breaks the output contract fails with its name', () => {
  tf.registerKernel({
    kernelName: FUSED_ADAM_UPDATE,
    backendName: 'cpu',
    kernelFunc: ({ backend }) => {
      const kb = backend as tf.KernelBackend;
      return [{ dataId: kb.write(new Float32Array(1), [1], 'float32'), shape: [1], dtype: 'float32' }]; // one output, wrong shape
    },
  });
  try {
    const v = tf.variable(tf.ones([3]), true, 'fused-broken-kernel');
    const optimizer = createOptimizer('adam');
    assert.throws(() => tf.tidy(() => optimizer.applyGradients([v], { [v.name]: tf.ones([3]) })), /FaceforgeAdamUpdate returned 1 outputs, the contract says 3/);
    optimizer.dispose();
    v.dispose();
  } finally {
    tf.unregisterKernel(FUSED_ADAM_UPDATE, 'cpu');
  }
});
