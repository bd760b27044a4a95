import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOptimizer, OPTIMIZER_NAMES, type OptimizerName } from './create-optimizer.js';
import { Adam } from './adam.js';
import { AdaBelief } from './adabelief.js';
import { RMSprop } from './rmsprop.js';

test('createOptimizer builds each faceswap optimizer name with its options', () => {
  const adam = createOptimizer('adam', { learningRate: 1e-4, beta1: 0.5, beta2: 0.99 });
  assert.ok(adam instanceof Adam);
  assert.deepEqual([adam.name, adam.learningRate, adam.beta1, adam.beta2, adam.epsilon], ['adam', 1e-4, 0.5, 0.99, 1e-7]);
  const belief = createOptimizer('adabelief');
  assert.ok(belief instanceof AdaBelief);
  assert.equal(belief.learningRate, 5e-5);
  const rms = createOptimizer('rms-prop', { rho: 0.9, epsilon: 10 ** -6 });
  assert.ok(rms instanceof RMSprop);
  assert.deepEqual([rms.name, rms.rho, rms.epsilon], ['rms-prop', 0.9, 1e-6]);
  assert.deepEqual(OPTIMIZER_NAMES.map((n) => createOptimizer(n).name), ['adam', 'adabelief', 'rms-prop']);
  [adam, belief, rms].forEach((o) => o.dispose());
});

test('createOptimizer rejects unknown names and out-of-range options', () => {
  assert.throws(() => createOptimizer('lion' as OptimizerName), /unknown optimizer 'lion': supported are adam, adabelief, rms-prop/);
  assert.throws(() => createOptimizer('adam', { beta1: 1 }), /beta1 must be in \[0, 1\)/);
  assert.throws(() => createOptimizer('adabelief', { beta2: -0.1 }), /beta2/);
  assert.throws(() => createOptimizer('rms-prop', { rho: 1.5 }), /rho/);
  assert.throws(() => createOptimizer('adam', { epsilon: -1 }), /epsilon/);
  assert.throws(() => createOptimizer('adam', { learningRate: Number.POSITIVE_INFINITY }), /learning rate/);
});
