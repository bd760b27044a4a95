import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage } from './image.js';
import { invertAffine, rotationMatrix, transformPoints, warpAffine } from './affine.js';
import { maxAbsDifference, smoothTestImage } from '../testing/test-images.js';

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
