import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage } from '../data/image.js';
import { Rng } from '../util/rng.js';
import { invertAffine, randomAffineMatrix, rotationMatrix, transformPoints, warpAffine } from './affine.js';
import { centroid, dotImage, maxAbsDifference, smoothTestImage } from './test-images.fixture.js';

test('zero rotation, zoom and shift is the identity', () => {
  const image = smoothTestImage(32, 24);
  const matrix = randomAffineMatrix(32, 24, { rotationRange: 0, zoomAmount: 0, shiftRange: 0 }, new Rng(1));
  assert.deepEqual(matrix, [1, 0, 0, -0, 1, 0]);
  assert.ok(maxAbsDifference(warpAffine(image, matrix), image) < 1e-6);
  assert.deepEqual(transformPoints([[3.5, 7]], matrix), [[3.5, 7]]);
});

test('90° rotation of an asymmetric 3×3 matches the hand-rotated array (counter-clockwise on screen)', () => {
  const image = createImage(3, 3, 1);
  image.data.set([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const rotated = warpAffine(image, rotationMatrix([1, 1], 90, 1));
  // Rows of the input 1 2 3 / 4 5 6 / 7 8 9 turned a quarter counter-clockwise.
  assert.deepEqual([...rotated.data].map((v) => Math.round(v * 1e6) / 1e6), [3, 6, 9, 2, 5, 8, 1, 4, 7]);
});

test('90° rotation of a 4×4 two-channel image about its true centre', () => {
  const image = createImage(4, 4, 2);
  for (let i = 0; i < 16; i++) { image.data[2 * i] = i; image.data[2 * i + 1] = 100 + i; }
  const rotated = warpAffine(image, rotationMatrix([1.5, 1.5], 90, 1));
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 4; x++) {
      // out(x, y) = in(3 − y, x)
      const expected = x * 4 + (3 - y);
      assert.ok(Math.abs(rotated.data[(y * 4 + x) * 2]! - expected) < 1e-9);
      assert.ok(Math.abs(rotated.data[(y * 4 + x) * 2 + 1]! - (100 + expected)) < 1e-9);
    }
  }
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

test('border is replicated and invertAffine undoes a matrix', () => {
  const image = smoothTestImage(16, 16);
  const matrix = rotationMatrix([7.5, 7.5], 0, 1);
  matrix[2] = 4; // shift right: the left 4 columns repeat column 0
  const shifted = warpAffine(image, matrix);
  for (let x = 0; x < 4; x++) assert.ok(Math.abs(shifted.data[(5 * 16 + x) * 3]! - image.data[5 * 16 * 3]!) < 1e-7);
  const m = rotationMatrix([10, 5], 33, 1.2);
  const round = transformPoints(transformPoints([[3, 4]], m), invertAffine(m))[0]!;
  assert.ok(Math.abs(round[0] - 3) < 1e-9 && Math.abs(round[1] - 4) < 1e-9);
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
