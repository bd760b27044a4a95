import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { RMSprop, RMSPROP_DEFAULTS } from './rmsprop.js';
import { ReferenceOptimizer } from './test-support/torch-reference.js';
import {
  assertClose, createVariables, makeProblem, referenceParams, trainReferenceSteps, trainSteps,
} from './test-support/quadratic.js';

test('RMSprop matches a plain-JS torch.optim.RMSprop over 20 steps (params and mean square)', async () => {
  assert.deepEqual({ ...RMSPROP_DEFAULTS }, { learningRate: 5e-5, rho: 0.99, epsilon: 1e-7 });
  const hyper = { lr: 0.005, rho: 0.99, epsilon: 1e-7 };
  const problem = makeProblem('rmsprop-ref', [[6], [2, 2, 2]]);
  const vars = createVariables(problem);
  const optimizer = new RMSprop({ learningRate: hyper.lr });
  assert.equal(optimizer.name, 'rms-prop');
  trainSteps(optimizer, problem, vars, 20);

  const reference = new ReferenceOptimizer('rms-prop', hyper);
  const params = referenceParams(problem);
  trainReferenceSteps(reference, problem, params, 20);

  const state = await optimizer.getState();
  assert.deepEqual(Object.keys(state.slots).sort(), problem.map((q) => `${q.name}/ms`).sort());
  problem.forEach((q, k) => {
    assert.ok(Math.abs(params.get(q.name)![0] - q.init[0]) > 0.1);
    assertClose(vars[k].dataSync(), params.get(q.name)!, 1e-5, 1e-6, `${q.name} param`);
    assertClose(state.slots[`${q.name}/ms`], reference.slots.get(q.name)![0], 1e-5, 1e-9, `${q.name} ms`);
  });
  optimizer.dispose();
  tf.dispose(vars);
});

test('RMSprop has no bias correction: the first step is lr/√(1−rho), as in torch', () => {
  const v = tf.variable(tf.scalar(0), true, 'rmsprop-first-step');
  const optimizer = new RMSprop({ learningRate: 0.001 });
  tf.tidy(() => optimizer.applyGradients([v], { [v.name]: tf.scalar(3) }));
  assertClose(v.dataSync(), [-0.001 / Math.sqrt(0.01)], 1e-5, 0, 'first step');
  optimizer.dispose();
  v.dispose();
});
