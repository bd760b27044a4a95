import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { SCHARR_5X5_Y, gmsdLoss } from './gmsd.js';
import { gmsdMap, maxRelativeError, randomImage, toTensor } from './plain-js-oracles.js';

test('gmsd of identical images is 0 and the map has one channel', () => {
  const img = toTensor(randomImage(2, 32, 32, 3, 31));
  const map = gmsdLoss.compute(img, img);
  assert.deepEqual(map.shape, [2, 32, 32, 1]);
  assert.ok(tf.max(tf.abs(map)).dataSync()[0] < 1e-6);
});

test('gmsd matches a plain-JS per-direction Scharr GMS', () => {
  const a = randomImage(1, 12, 12, 2, 32);
  const b = randomImage(1, 12, 12, 2, 33);
  const actual = gmsdLoss.compute(toTensor(a), toTensor(b)).dataSync();
  const expected = gmsdMap(a, b, SCHARR_5X5_Y);
  assert.ok(maxRelativeError(actual, expected, 1e-3) < 1e-4);
  assert.ok(expected.every((v) => v >= 0 && v <= 2));
});
