import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { AdaBelief, ADABELIEF_DEFAULTS } from './adabelief.js';
import { ReferenceOptimizer } from './test-support/torch-reference.js';
import {
  assertClose, createVariables, makeProblem, referenceParams, trainReferenceSteps, trainSteps,
} from './test-support/quadratic.js';

test('AdaBelief matches a plain-JS adabelief-pytorch reference over 20 steps (params and slots)', async () => {
  assert.deepEqual({ ...ADABELIEF_DEFAULTS }, { learningRate: 5e-5, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  const hyper = { lr: 0.02, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
  const problem = makeProblem('adabelief-ref', [[7], [3, 2]]);
  const vars = createVariables(problem);
  const optimizer = new AdaBelief({ learningRate: hyper.lr });
  trainSteps(optimizer, problem, vars, 20);

  const reference = new ReferenceOptimizer('adabelief', hyper);
  const params = referenceParams(problem);
  trainReferenceSteps(reference, problem, params, 20);

  const state = await optimizer.getState();
  assert.equal(state.name, 'adabelief');
  problem.forEach((q, k) => {
    assert.ok(Math.abs(params.get(q.name)![0] - q.init[0]) > 0.1);
    assertClose(vars[k].dataSync(), params.get(q.name)!, 1e-5, 1e-6, `${q.name} param`);
    const [m, s] = reference.slots.get(q.name)!;
    assertClose(state.slots[`${q.name}/m`], m, 1e-5, 1e-7, `${q.name} m`);
    // s holds 20·eps ≈ 2e-6 on top of the belief term, so atol must sit well below that.
    assertClose(state.slots[`${q.name}/s`], s, 1e-5, 1e-10, `${q.name} s`);
  });
  optimizer.dispose();
  tf.dispose(vars);
});

test('AdaBelief differs from Adam: the update follows the belief (g − m)², not g²', () => {
  // With a constant gradient the belief term shrinks, so AdaBelief steps grow beyond Adam's ±lr.
  const v = tf.variable(tf.scalar(0), true, 'adabelief-const-grad');
  const optimizer = new AdaBelief({ learningRate: 0.01 });
  for (let i = 0; i < 10; i++) tf.tidy(() => optimizer.applyGradients([v], { [v.name]: tf.scalar(1) }));
  const reference = new ReferenceOptimizer('adabelief', { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  const params = new Map([[v.name, new Float64Array(1)]]);
  for (let i = 0; i < 10; i++) reference.apply(params, new Map([[v.name, Float64Array.of(1)]]));
  assertClose(v.dataSync(), params.get(v.name)!, 1e-5, 0, 'param');
  assert.ok(v.dataSync()[0] < -0.1, `10 Adam steps would give about −0.1; AdaBelief gave ${v.dataSync()[0]}`);
  optimizer.dispose();
  v.dispose();
});
