import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage } from './image.js';
import { resizeImage } from './resize-image.js';

test('same size is a copy; a constant stays constant at any size', () => {
  const image = createImage(7, 5, 3, 0.25);
  image.data[4] = 0.9;
  assert.deepEqual(Array.from(resizeImage(image, 7, 5).data), Array.from(image.data));
  for (const [w, h] of [[3, 2], [16, 9], [1, 1]] as const) {
    const constant = resizeImage(createImage(7, 5, 1, 0.6), w, h);
    assert.ok(constant.data.every((v) => Math.abs(v - 0.6) < 1e-6), `${w}x${h}`);
  }
});

test('enlarging is bilinear with half-pixel centres and replicated edges', () => {
  const row = { width: 2, height: 1, channels: 1, data: Float32Array.from([0, 1]) };
  assert.deepEqual(Array.from(resizeImage(row, 4, 1).data), [0, 0.25, 0.75, 1]);
});

test('shrinking averages every pixel it covers: a 1-pixel checkerboard becomes grey', () => {
  const board = createImage(64, 64, 1);
  for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) board.data[y * 64 + x] = (x + y) % 2;
  const small = resizeImage(board, 16, 16);
  assert.ok(small.data.every((v) => Math.abs(v - 0.5) < 0.02));
});

test('a window is cut before resizing (the coverage crop of a stored mask)', () => {
  const image = createImage(8, 8, 1);
  for (let y = 2; y < 6; y++) for (let x = 2; x < 6; x++) image.data[y * 8 + x] = 1;
  const centre = resizeImage(image, 4, 4, { x: 2, y: 2, width: 4, height: 4 });
  assert.ok(centre.data.every((v) => v === 1));
});
