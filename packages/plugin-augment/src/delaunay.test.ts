import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Point, Rng, convexHull } from '@faceforge/core';
import { meanFaceLandmarks } from '@faceforge/core/testing';
import { delaunay } from './delaunay.js';

function area(points: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    const [x2, y2] = points[(i + 1) % points.length]!;
    sum += x1 * y2 - x2 * y1;
  }
  return Math.abs(sum) / 2;
}

test('triangulates a square with a centre point into 4 triangles', () => {
  const triangles = delaunay([[0, 0], [10, 0], [10, 10], [0, 10], [5, 5]]);
  assert.equal(triangles.length, 4);
  for (const t of triangles) assert.ok(t.includes(4));
});

test('triangles tile the convex hull and satisfy the empty-circumcircle property', () => {
  const rng = new Rng(2);
  const points: Point[] = [...meanFaceLandmarks(100), [0, 0], [99, 0], [0, 99], [99, 99], [0, 50], [50, 0], [99, 50], [50, 99]]
    .map(([x, y]): Point => [x + rng.normal(0, 0.5), y + rng.normal(0, 0.5)]);
  const triangles = delaunay(points);
  const total = triangles.reduce((s, t) => s + area(t.map((i) => points[i]!)), 0);
  assert.ok(Math.abs(total - area(convexHull(points))) < 1e-6 * total, `${total} vs hull`);
  // Euler: a triangulation of n points with h on the hull has 2n − h − 2 triangles.
  assert.equal(triangles.length, 2 * points.length - convexHull(points).length - 2);
  for (const [a, b, c] of triangles) {
    const [ax, ay] = points[a]!, [bx, by] = points[b]!, [cx, cy] = points[c]!;
    const d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by));
    const ux = ((ax * ax + ay * ay) * (by - cy) + (bx * bx + by * by) * (cy - ay) + (cx * cx + cy * cy) * (ay - by)) / d;
    const uy = ((ax * ax + ay * ay) * (cx - bx) + (bx * bx + by * by) * (ax - cx) + (cx * cx + cy * cy) * (bx - ax)) / d;
    const r2 = (ax - ux) ** 2 + (ay - uy) ** 2;
    points.forEach((p, i) => {
      if (i !== a && i !== b && i !== c) assert.ok((p[0] - ux) ** 2 + (p[1] - uy) ** 2 >= r2 * (1 - 1e-9));
    });
  }
});
