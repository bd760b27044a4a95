import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { MS_SSIM_MIN_SIZE, msSsimLoss, msSsimWindowSize } from './ms-ssim.js';
import { randomImage, toTensor } from './plain-js-oracles.js';

test('ms_ssim of identical images is 0', () => {
  const img = toTensor(randomImage(2, 64, 64, 3, 21));
  const loss = msSsimLoss.compute(img, img);
  assert.deepEqual(loss.shape, [2]);
  assert.ok(tf.max(tf.abs(loss)).dataSync()[0] < 1e-5);
});

test('ms_ssim grows monotonically with added noise', () => {
  const clean = randomImage(1, 64, 64, 3, 22, 0.2, 0.8);
  const noise = randomImage(1, 64, 64, 3, 23, -1, 1);
  const losses = [0.02, 0.05, 0.1, 0.2].map((level) => {
    const noisy = { ...clean, data: clean.data.map((v, i) => v + level * noise.data[i]) };
    return msSsimLoss.compute(toTensor(clean), toTensor(noisy)).dataSync()[0];
  });
  for (let i = 1; i < losses.length; i++) assert.ok(losses[i] > losses[i - 1], `losses ${losses}`);
  assert.ok(losses[0] > 0 && losses[3] < 1);
});

test('ms_ssim shrinks its window below 176 px and rejects images under the minimum', () => {
  assert.equal(msSsimWindowSize(176), 11);
  assert.equal(msSsimWindowSize(175), 10);
  assert.equal(msSsimWindowSize(64), 4);
  assert.equal(MS_SSIM_MIN_SIZE, 32);
  assert.equal(msSsimWindowSize(32), 2);
  const small = tf.zeros([1, 16, 16, 3]) as tf.Tensor4D;
  assert.throws(() => msSsimLoss.compute(small, small), /at least 32×32/);
});
