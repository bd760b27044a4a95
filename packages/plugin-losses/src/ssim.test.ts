import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { ssimLoss } from './ssim.js';
import { makeImage, maxRelativeError, randomImage, ssimLossMap, toTensor } from './plain-js-oracles.js';

test('ssim of identical images is 0 everywhere', () => {
  const img = toTensor(randomImage(2, 32, 32, 3, 11));
  const map = ssimLoss.compute(img, img);
  assert.deepEqual(map.shape, [2, 32, 32, 3]);
  assert.ok(tf.max(tf.abs(map)).dataSync()[0] < 1e-5);
});

test('ssim of an image vs a constant-shifted copy matches a plain-JS SSIM (11×11 σ1.5, reflect)', () => {
  // smooth content plus texture, so both luminance and contrast terms matter
  const base = randomImage(2, 32, 32, 3, 12, 0, 0.3);
  const x = makeImage(2, 32, 32, 3, (b, y, xx, c) => 0.3 + 0.2 * Math.sin((y + 2 * xx + c) / 5) + base.data[((b * 32 + y) * 32 + xx) * 3 + c]);
  const shifted = makeImage(2, 32, 32, 3, (b, y, xx, c) => x.data[((b * 32 + y) * 32 + xx) * 3 + c] * 0.8 + 0.15);
  const actual = ssimLoss.compute(toTensor(x), toTensor(shifted)).dataSync();
  const expected = ssimLossMap(x, shifted);
  let worstAbs = 0;
  for (let i = 0; i < expected.length; i++) worstAbs = Math.max(worstAbs, Math.abs(actual[i] - expected[i]));
  assert.ok(worstAbs < 2e-4, `worst absolute error ${worstAbs}`);
  assert.ok(maxRelativeError(actual, expected, 1e-2) < 1e-2);
  assert.ok(expected.some((v) => v > 0.01), 'the shift must produce a visible loss');
});
