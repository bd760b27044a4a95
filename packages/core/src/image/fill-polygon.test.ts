import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage, type Image, type Point } from './image.js';
import { convexHull } from '../image/convex-hull.js';
import { fillPolygon } from './fill-polygon.js';

const count = (mask: Image) => mask.data.reduce((n, v) => n + (v > 0.5 ? 1 : 0), 0);

test('hull of a square\'s corners fills exactly the square, edges included', () => {
  const corners: Point[] = [[30, 10], [10, 10], [10, 30], [30, 30], [20, 20]];
  const mask = fillPolygon(createImage(48, 48, 1), convexHull(corners));
  assert.equal(count(mask), 21 * 21);
  assert.equal(mask.data[10 * 48 + 10], 1);
  assert.equal(mask.data[30 * 48 + 30], 1);
  assert.equal(mask.data[9 * 48 + 20], 0);
  assert.equal(mask.data[31 * 48 + 20], 0);
});

test('a right triangle fills about half its bounding box; a concave L uses even-odd correctly', () => {
  const triangle = fillPolygon(createImage(64, 64, 1), [[0, 0], [40, 0], [0, 40]]);
  // Continuous area 800 plus the boundary half-pixels: 41·42/2 = 861 pixel centres on or inside.
  assert.equal(count(triangle), 861);
  const ell: Point[] = [[0, 0], [10, 0], [10, 4], [4, 4], [4, 10], [0, 10]];
  const mask = fillPolygon(createImage(16, 16, 1), ell);
  assert.equal(mask.data[8 * 16 + 8], 0, 'notch stays empty');
  assert.equal(mask.data[8 * 16 + 2], 1);
  assert.equal(mask.data[2 * 16 + 8], 1);
  // 11×11 square minus the 6×6 open notch (x,y in 5..10).
  assert.equal(count(mask), 121 - 36);
});

test('fills only channel 0 and clips to the image', () => {
  const mask = fillPolygon(createImage(8, 8, 2), [[-5, -5], [20, -5], [20, 20], [-5, 20]]);
  for (let i = 0; i < 64; i++) {
    assert.equal(mask.data[i * 2], 1);
    assert.equal(mask.data[i * 2 + 1], 0);
  }
});
