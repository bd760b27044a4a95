import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage, type Image } from './image.js';
import { dilateMask, ellipseKernelRows } from './dilate-mask.js';
import { fillPolygon } from './fill-polygon.js';

const area = (mask: Image) => mask.data.reduce((n, v) => n + (v > 0.5 ? 1 : 0), 0);

test('elliptical kernel matches OpenCV MORPH_ELLIPSE 5×5', () => {
  // cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5)) rows: 00100 / 11111 / 11111 / 11111 / 00100
  assert.deepEqual(ellipseKernelRows(5), [
    { start: 2, end: 3 }, { start: 0, end: 5 }, { start: 0, end: 5 }, { start: 0, end: 5 }, { start: 2, end: 3 },
  ]);
});

test('dilating a single pixel stamps the kernel shape', () => {
  const mask = createImage(20, 20, 1);
  mask.data[10 * 20 + 10] = 1;
  const grown = dilateMask(mask, 25); // 5 px kernel
  assert.equal(area(grown), 1 + 5 + 5 + 5 + 1);
  assert.equal(grown.data[8 * 20 + 10], 1);
  assert.equal(grown.data[8 * 20 + 9], 0);
  assert.equal(grown.data[10 * 20 + 12], 1);
});

test('dilation grows the area monotonically; negative erodes; 0 is identity', () => {
  const mask = fillPolygon(createImage(100, 100, 1), [[30, 30], [70, 30], [70, 70], [30, 70]]);
  const base = area(mask);
  let previous = base;
  for (const percent of [2, 4, 6, 8]) {
    const a = area(dilateMask(mask, percent));
    assert.ok(a > previous, `${percent}%: ${a} > ${previous}`);
    previous = a;
  }
  const eroded = area(dilateMask(mask, -5));
  assert.ok(eroded < base);
  // A 5 px (radius 2) erosion of a 41×41 square leaves 37×37.
  assert.equal(eroded, 37 * 37);
  // An even 4 px kernel is anchored at 2 like OpenCV's, so it reaches 2 px one way and 1 px the other.
  assert.equal(area(dilateMask(mask, -4)), 38 * 38);
  assert.deepEqual(dilateMask(mask, 0).data, mask.data);
});
