import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage } from './image.js';
import { blurMask, gaussianSigmaForKernel, oddKernel } from './blur-mask.js';
import { thresholdMask } from './threshold-mask.js';
import { wholeFaceMask } from './whole-face-mask.js';

test('kernel size is made odd and sigma follows OpenCV', () => {
  assert.equal(oddKernel(8), 9);
  assert.equal(oddKernel(7), 7);
  assert.ok(Math.abs(gaussianSigmaForKernel(3) - 0.8) < 1e-12);
  assert.ok(Math.abs(gaussianSigmaForKernel(9) - 1.7) < 1e-12);
});

test('blur preserves a constant mask and the total mass of an interior spot, and softens an edge', () => {
  const constant = blurMask(createImage(16, 16, 1, 0.7), 5);
  assert.ok(constant.data.every((v) => Math.abs(v - 0.7) < 1e-6));
  const spot = createImage(21, 21, 1);
  spot.data[10 * 21 + 10] = 1;
  const blurred = blurMask(spot, 7);
  const total = blurred.data.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(total - 1) < 1e-5);
  assert.ok(blurred.data[10 * 21 + 10]! < 0.5 && blurred.data[10 * 21 + 11]! > 0);
  // Symmetric spread.
  assert.ok(Math.abs(blurred.data[10 * 21 + 8]! - blurred.data[8 * 21 + 10]!) < 1e-7);
});

test('threshold snaps fringes to 0/1 and keeps the middle', () => {
  const mask = createImage(4, 1, 1);
  mask.data.set([0.05, 0.5, 0.95, 0.2]);
  assert.deepEqual([...thresholdMask(mask, 10).data].map((v) => +v.toFixed(3)), [0, 0.5, 1, 0.2]);
  assert.deepEqual(thresholdMask(mask, 0).data, mask.data);
});

test('wholeFaceMask is all ones', () => {
  const mask = wholeFaceMask(32);
  assert.equal(mask.channels, 1);
  assert.equal(mask.data.length, 32 * 32);
  assert.ok(mask.data.every((v) => v === 1));
});
