import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { tf } from '@faceforge/core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createOptimizer, type OptimizerName } from './create-optimizer.js';
import { assertClose, createVariables, makeProblem, trainSteps } from './test-support/quadratic.js';

// The optimizers exist for the wasm backend (per-variable tidies keep the 4 GiB heap in reach), so
// check they run there and agree with cpu. This file runs in its own process, so switching the
// global backend does not affect other test files.
const require = createRequire(import.meta.url);
setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/');

async function train(backend: string, name: OptimizerName, lr: number): Promise<{ params: Float32Array[]; leaked: number }> {
  assert.ok(await tf.setBackend(backend), `backend ${backend} initialises`);
  assert.equal(tf.getBackend(), backend);
  const problem = makeProblem(`${name}-${backend}`, [[64], [4, 3, 3, 2], []]);
  const vars = createVariables(problem);
  const optimizer = createOptimizer(name, { learningRate: lr });
  trainSteps(optimizer, problem, vars, 1);
  const afterFirst = tf.memory().numTensors;
  trainSteps(optimizer, problem, vars, 19);
  const leaked = tf.memory().numTensors - afterFirst;
  const params = vars.map((v) => Float32Array.from(v.dataSync()));
  // Sanity: parameters really moved, so agreement is not agreement on the initial values.
  assert.ok(Math.abs(params[0][0] - problem[0].init[0]) > 0.1);
  optimizer.dispose();
  tf.dispose(vars);
  return { params, leaked };
}

for (const [name, lr] of [['adam', 0.02], ['adabelief', 0.02], ['rms-prop', 0.005]] as const) {
  test(`${name} runs on the wasm backend and matches cpu within 1e-5`, async () => {
    const cpu = await train('cpu', name, lr);
    const wasm = await train('wasm', name, lr);
    assert.equal(wasm.leaked, 0);
    wasm.params.forEach((p, k) => assertClose(p, cpu.params[k], 1e-5, 1e-6, `${name} variable ${k}`));
  });
}
