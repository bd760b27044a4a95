import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, rotationMatrix, transformPoints, warpAffine } from '@faceforge/core';
import { centroid, dotImage, maxAbsDifference, smoothTestImage } from '@faceforge/core/testing';
import { randomAffineMatrix } from './random-affine.js';

test('zero rotation, zoom and shift is the identity', () => {
  const image = smoothTestImage(32, 24);
  const matrix = randomAffineMatrix(32, 24, { rotationRange: 0, zoomAmount: 0, shiftRange: 0 }, new Rng(1));
  assert.deepEqual(matrix, [1, 0, 0, -0, 1, 0]);
  assert.ok(maxAbsDifference(warpAffine(image, matrix), image) < 1e-6);
  assert.deepEqual(transformPoints([[3.5, 7]], matrix), [[3.5, 7]]);
});

test('transformPoints agrees with where warpAffine moves a bright pixel', () => {
  const rng = new Rng(7);
  for (let trial = 0; trial < 5; trial++) {
    const matrix = randomAffineMatrix(64, 64, { rotationRange: 25, zoomAmount: 15, shiftRange: 10 }, rng);
    const dot = dotImage(64, 64, 25, 37, 1.5);
    const [expected] = transformPoints([[25, 37]], matrix);
    const [cx, cy] = centroid(warpAffine(dot, matrix));
    assert.ok(Math.hypot(cx - expected![0], cy - expected![1]) < 0.3, `trial ${trial}: ${[cx, cy]} vs ${expected}`);
  }
  const single = dotImage(64, 64, 20, 40);
  const shift = rotationMatrix([31.5, 31.5], 0, 1);
  shift[2] += 5; shift[5] -= 3;
  const moved = warpAffine(single, shift);
  assert.equal(moved.data[37 * 64 + 25], 1);
});

test('random matrices stay within the configured ranges', () => {
  const rng = new Rng(3);
  for (let i = 0; i < 200; i++) {
    const [a, b, c, , , f] = randomAffineMatrix(100, 100, { rotationRange: 10, zoomAmount: 5, shiftRange: 5 }, rng);
    const scale = Math.hypot(a, b);
    const degrees = (Math.atan2(b, a) * 180) / Math.PI;
    assert.ok(scale >= 0.95 && scale <= 1.05);
    assert.ok(Math.abs(degrees) <= 10);
    // The centre moves only by the shift (≤ 5 px).
    const cx = a * 49.5 + b * 49.5 + c - 49.5;
    assert.ok(Math.abs(cx) <= 5 + 1e-9 && Number.isFinite(f));
  }
});
