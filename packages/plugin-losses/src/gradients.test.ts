import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { builtinLosses } from './catalogue.js';
import { randomImage, toTensor } from './plain-js-oracles.js';

const yTrue = toTensor(randomImage(2, 32, 32, 3, 71));
const yPred = toTensor(randomImage(2, 32, 32, 3, 72));

test('the catalogue has the eleven faceswap primary losses with unique names', () => {
  assert.deepEqual(
    builtinLosses.map((l) => l.name),
    ['mae', 'mse', 'logcosh', 'smooth_loss', 'l_inf_norm', 'ssim', 'ms_ssim', 'gmsd', 'pixel_gradient_diff', 'laploss', 'ffl'],
  );
});

for (const loss of builtinLosses) {
  test(`${loss.name}: output shape, finite gradient w.r.t. yPred (also at yPred = yTrue), no leaks`, () => {
    const output = loss.compute(yTrue, yPred);
    assert.equal(output.rank, loss.spatial ? 4 : 1);
    assert.equal(output.shape[0], 2);
    if (loss.spatial) assert.deepEqual(output.shape.slice(1, 3), [32, 32]);
    output.dispose();

    for (const at of [yPred, yTrue]) {
      const gradient = tf.grad((p: tf.Tensor) => tf.mean(loss.compute(yTrue, p as tf.Tensor4D)))(at);
      assert.deepEqual(gradient.shape, [2, 32, 32, 3]);
      assert.ok(gradient.dataSync().every(Number.isFinite), 'gradient has non-finite values');
      if (at === yPred) assert.ok(tf.max(tf.abs(gradient)).dataSync()[0] > 0, 'gradient is all zero');
      gradient.dispose();
    }

    const before = tf.memory().numTensors;
    tf.tidy(() => loss.compute(yTrue, yPred)).dispose();
    tf.grad((p: tf.Tensor) => tf.mean(loss.compute(yTrue, p as tf.Tensor4D)))(yPred).dispose();
    assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  });
}
