import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { maeLoss } from './mae.js';
import { mseLoss } from './mse.js';
import { logcoshLoss } from './logcosh.js';
import { smoothLoss } from './smooth-loss.js';
import { lInfNormLoss } from './l-inf-norm.js';
import { barron, makeImage, maxRelativeError, randomImage, toTensor } from './plain-js-oracles.js';

const yTrue = tf.tensor4d([0, 0.5, 1, 0.25], [1, 2, 2, 1]);
const yPred = tf.tensor4d([0.5, 0.5, 0, 1], [1, 2, 2, 1]);

function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

test('mae and mse give |d| and d² per pixel', () => {
  assert.deepEqual(maeLoss.compute(yTrue, yPred).shape, [1, 2, 2, 1]);
  assert.ok(maxRelativeError(values(maeLoss.compute(yTrue, yPred)), [0.5, 0, 1, 0.75]) < 1e-6);
  assert.ok(maxRelativeError(values(mseLoss.compute(yTrue, yPred)), [0.25, 0, 1, 0.5625]) < 1e-6);
});

test('logcosh matches Math.log(Math.cosh(d)) for positive and negative d', () => {
  const a = randomImage(2, 3, 4, 3, 1);
  const b = randomImage(2, 3, 4, 3, 2);
  const expected = a.data.map((v, i) => Math.log(Math.cosh(b.data[i] - v)));
  assert.ok(maxRelativeError(values(logcoshLoss.compute(toTensor(a), toTensor(b))), expected, 1e-4) < 1e-3);
});

test('smooth_loss is the Barron loss with alpha 1, beta 1/255', () => {
  const a = randomImage(1, 4, 4, 3, 3);
  const b = randomImage(1, 4, 4, 3, 4);
  const expected = a.data.map((v, i) => barron(b.data[i] - v, 1, 1 / 255));
  assert.ok(maxRelativeError(values(smoothLoss.compute(toTensor(a), toTensor(b))), expected) < 1e-4);
  // close to |d| for |d| ≫ β
  assert.ok(Math.abs(barron(0.5, 1, 1 / 255) - 0.5) < 0.005);
});

test('l_inf_norm: per channel max |d| over H,W, then mean over channels', () => {
  const a = makeImage(2, 2, 3, 2, () => 0);
  const b = makeImage(2, 2, 3, 2, (n, y, x, c) => (n + 1) * 0.1 * (c === 0 ? y + x : -(y * 3 + x) / 5));
  const result = lInfNormLoss.compute(toTensor(a), toTensor(b));
  assert.deepEqual(result.shape, [2]);
  // item 0: channel 0 max (1+2)*0.1 = 0.3, channel 1 max 5/5*0.1 = 0.1 → 0.2; item 1 doubles.
  assert.ok(maxRelativeError(values(result), [0.2, 0.4]) < 1e-6);
});
