import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { orthonormalDft2d } from './dft.js';
import { focalFrequencyLoss } from './focal-frequency.js';
import { focalFrequencyMap, maxRelativeError, naiveDft2d, randomImage, toTensor } from './plain-js-oracles.js';

test('the DFT by matrix products equals a naive orthonormal DFT on 4×6 planes', () => {
  const planes = randomImage(1, 2, 4, 6, 51).data; // two 4×6 planes
  const { real, imag } = orthonormalDft2d(tf.tensor3d(Float32Array.from(planes), [2, 4, 6]));
  const re = real.dataSync();
  const im = imag.dataSync();
  for (let b = 0; b < 2; b++) {
    const expected = naiveDft2d(planes.subarray(b * 24, b * 24 + 24), 4, 6);
    for (let i = 0; i < 24; i++) {
      assert.ok(Math.abs(re[b * 24 + i] - expected.re[i]) < 1e-5, `real ${b}/${i}`);
      assert.ok(Math.abs(im[b * 24 + i] - expected.im[i]) < 1e-5, `imag ${b}/${i}`);
    }
  }
  // orthonormal: Parseval holds
  const energy = planes.subarray(0, 24).reduce((s, v) => s + v * v, 0);
  const spectrum = Array.from({ length: 24 }, (_, i) => re[i] ** 2 + im[i] ** 2).reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(energy - spectrum) < 1e-4);
});

test('ffl of identical images is 0', () => {
  const img = toTensor(randomImage(2, 32, 32, 3, 52));
  const map = focalFrequencyLoss.compute(img, img);
  assert.deepEqual(map.shape, [2, 32, 32, 3]);
  assert.equal(tf.max(tf.abs(map)).dataSync()[0], 0);
});

test('ffl matches a plain-JS focal frequency loss on 4×6 images', () => {
  const a = randomImage(2, 4, 6, 2, 53);
  const b = randomImage(2, 4, 6, 2, 54);
  const actual = focalFrequencyLoss.compute(toTensor(a), toTensor(b)).dataSync();
  const expected = focalFrequencyMap(a, b);
  assert.ok(maxRelativeError(actual, expected, 1e-3) < 1e-3);
});
