import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point } from './image.js';
import { convexHull, insideConvexPolygon } from './convex-hull.js';

test('hull of a square with interior, edge and duplicate points is its four corners', () => {
  const points: Point[] = [[0, 0], [4, 0], [4, 4], [0, 4], [2, 2], [2, 0], [1, 3], [4, 4]];
  const hull = convexHull(points);
  assert.equal(hull.length, 4);
  assert.deepEqual([...hull].sort((a, b) => a[0] - b[0] || a[1] - b[1]), [[0, 0], [0, 4], [4, 0], [4, 4]]);
});

test('insideConvexPolygon counts the boundary as inside and works for either winding', () => {
  const square: Point[] = [[0, 0], [4, 0], [4, 4], [0, 4]];
  for (const polygon of [square, [...square].reverse()]) {
    assert.ok(insideConvexPolygon(polygon, [2, 2]));
    assert.ok(insideConvexPolygon(polygon, [4, 2]));
    assert.ok(insideConvexPolygon(polygon, [0, 0]));
    assert.ok(!insideConvexPolygon(polygon, [4.01, 2]));
    assert.ok(!insideConvexPolygon(polygon, [-1, -1]));
  }
});
