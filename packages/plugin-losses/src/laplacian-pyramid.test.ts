import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { laplacianPyramid, laplacianPyramidLoss } from './laplacian-pyramid.js';
import { randomImage, toTensor } from './plain-js-oracles.js';

test('laploss of identical images is 0, of different images positive', () => {
  const a = toTensor(randomImage(2, 32, 32, 3, 41));
  const b = toTensor(randomImage(2, 32, 32, 3, 42));
  assert.ok(tf.max(tf.abs(laplacianPyramidLoss.compute(a, a))).dataSync()[0] < 1e-7);
  const map = laplacianPyramidLoss.compute(a, b);
  assert.deepEqual(map.shape, [2, 32, 32, 3]);
  assert.ok(tf.min(map).dataSync()[0] >= 0);
  assert.ok(tf.mean(map).dataSync()[0] > 0.05);
});

test('a constant offset only reaches the low-pass residual: loss = offset · 2^-10 everywhere', () => {
  // The blur preserves constants, so every band-pass level is unchanged; the 1×1 residual
  // (level 5, weight 2^(−2·5)) differs by exactly the offset and upsamples to a flat map.
  const a = randomImage(1, 32, 32, 2, 43, 0, 0.8);
  const shifted = { ...a, data: a.data.map((v) => v + 0.1) };
  const map = laplacianPyramidLoss.compute(toTensor(a), toTensor(shifted)).dataSync();
  for (const v of map) assert.ok(Math.abs(v - 0.1 / 1024) < 2e-6, `got ${v}`);
});

test('the pyramid has 5 band-pass levels plus the residual and needs 32 px', () => {
  const levels = laplacianPyramid(tf.zeros([1, 64, 32, 1]) as tf.Tensor4D);
  assert.deepEqual(levels.map((l) => l.shape.slice(1, 3)), [[64, 32], [32, 16], [16, 8], [8, 4], [4, 2], [2, 1]]);
  assert.throws(() => laplacianPyramid(tf.zeros([1, 16, 16, 1]) as tf.Tensor4D), /at least 32×32/);
});
