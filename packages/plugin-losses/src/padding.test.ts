import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { padToEven, reflectPad, replicatePad } from './padding.js';
import { clampIndex, lcg, reflectIndex } from './plain-js-oracles.js';

// 1 channel, 4×5 image with value 10*y + x
const image = tf.tensor4d(Array.from({ length: 20 }, (_, i) => 10 * Math.floor(i / 5) + (i % 5)), [1, 4, 5, 1]);

test('reflect and replicate padding place the expected source pixels', () => {
  const reflected = reflectPad(image, 2).dataSync();
  const replicated = replicatePad(image, 2).dataSync();
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 9; x++) {
      assert.equal(reflected[y * 9 + x], 10 * reflectIndex(y - 2, 4) + reflectIndex(x - 2, 5));
      assert.equal(replicated[y * 9 + x], 10 * clampIndex(y - 2, 4) + clampIndex(x - 2, 5));
    }
  assert.deepEqual(padToEven(image).shape, [1, 4, 6, 1]);
  assert.throws(() => reflectPad(image, 4), /reflect padding/);
});

test('reflect padding routes gradient through the mirrored border pixels (unlike tf.mirrorPad)', () => {
  const next = lcg(7);
  const weights = Array.from({ length: 8 * 9 }, () => next());
  const weightTensor = tf.tensor4d(weights, [1, 8, 9, 1]);
  const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(reflectPad(x as tf.Tensor4D, 2), weightTensor)))(image).dataSync();
  const expected = new Float64Array(20);
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 9; x++) expected[reflectIndex(y - 2, 4) * 5 + reflectIndex(x - 2, 5)] += weights[y * 9 + x];
  for (let i = 0; i < 20; i++) assert.ok(Math.abs(gradient[i] - expected[i]) < 1e-5, `pixel ${i}`);
});
