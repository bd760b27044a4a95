import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { pixelGradientDiffLoss } from './pixel-gradient-diff.js';
import { barron, makeImage, maxRelativeError, pixelGradientDiffMap, randomImage, toTensor } from './plain-js-oracles.js';

test('pixel_gradient_diff on a horizontal ramp vs a flat image', () => {
  const ramp = makeImage(1, 5, 6, 1, (_b, _y, x) => 0.1 * x);
  const flat = makeImage(1, 5, 6, 1, () => 0.3);
  const map = pixelGradientDiffLoss.compute(toTensor(ramp), toTensor(flat)).dataSync();
  const gl = (d: number) => barron(d, 1.9999, 1 / 255);
  // Only x-derivatives differ. Inside: dx = 0.1, dxx = 0. At the left/right columns faceswap
  // uses one-sided differences: dx = 0.05, dxx = +0.1 (left) and −0.1 (right).
  const inner = (gl(-0.1) + 3 * gl(0)) / 2 + gl(0) / 2;
  const edge = (gl(-0.05) + gl(0) + gl(-0.1) + gl(0) + 2 * gl(0)) / 2;
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 6; x++) {
      const expected = x === 0 || x === 5 ? edge : inner;
      assert.ok(Math.abs(map[y * 6 + x] - expected) / expected < 1e-4, `(${y},${x}) ${map[y * 6 + x]} vs ${expected}`);
    }
  }
});

test('pixel_gradient_diff matches a plain-JS version including the mixed derivative', () => {
  const a = randomImage(2, 5, 7, 2, 61);
  const b = randomImage(2, 5, 7, 2, 62);
  const actual = pixelGradientDiffLoss.compute(toTensor(a), toTensor(b)).dataSync();
  assert.ok(maxRelativeError(actual, pixelGradientDiffMap(a, b), 1e-3) < 1e-3);
  const same = pixelGradientDiffLoss.compute(toTensor(a), toTensor(a));
  assert.equal(tf.max(tf.abs(same)).dataSync()[0], 0);
});
