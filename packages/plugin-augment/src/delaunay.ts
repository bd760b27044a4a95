import type { Point } from '@faceforge/core';

export type Triangle = [number, number, number];

interface Working {
  a: number;
  b: number;
  c: number;
  /** Circumcircle centre and squared radius, cached for the in-circle test. */
  cx: number;
  cy: number;
  r2: number;
}

function circumscribe(points: readonly Point[], a: number, b: number, c: number): Working {
  const [ax, ay] = points[a]!;
  const [bx, by] = points[b]!;
  const [cx, cy] = points[c]!;
  const d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by));
  if (d === 0) return { a, b, c, cx: 0, cy: 0, r2: Infinity }; // degenerate: always "bad", gets replaced
  const a2 = ax * ax + ay * ay;
  const b2 = bx * bx + by * by;
  const c2 = cx * cx + cy * cy;
  const ux = (a2 * (by - cy) + b2 * (cy - ay) + c2 * (ay - by)) / d;
  const uy = (a2 * (cx - bx) + b2 * (ax - cx) + c2 * (bx - ax)) / d;
  return { a, b, c, cx: ux, cy: uy, r2: (ax - ux) ** 2 + (ay - uy) ** 2 };
}

/**
 * Delaunay triangulation by Bowyer–Watson: insert points one at a time into a huge enclosing
 * triangle, re-triangulating the cavity of triangles whose circumcircle contains the new point.
 * O(n²), which is fine for the ~80 points of a landmark warp. Duplicate points are skipped.
 * Returns index triples into `points`.
 */
export function delaunay(points: readonly Point[]): Triangle[] {
  const n = points.length;
  if (n < 3) return [];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of points) {
    minX = Math.min(minX, x); minY = Math.min(minY, y);
    maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  }
  const span = Math.max(maxX - minX, maxY - minY, 1);
  const midX = (minX + maxX) / 2;
  const midY = (minY + maxY) / 2;
  // Far away, so only near-degenerate slivers along a nearly straight hull can be missed (their
  // circumcircles are huge); remap leaves pixels no triangle covers untouched.
  const all: Point[] = [...points, [midX - 2000 * span, midY - 1000 * span], [midX, midY + 2000 * span], [midX + 2000 * span, midY - 1000 * span]];
  let triangles: Working[] = [circumscribe(all, n, n + 1, n + 2)];
  const seen = new Set<string>();

  for (let p = 0; p < n; p++) {
    const [px, py] = all[p]!;
    const key = `${px},${py}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const bad: Working[] = [];
    const kept: Working[] = [];
    for (const t of triangles) {
      const dx = px - t.cx;
      const dy = py - t.cy;
      (dx * dx + dy * dy < t.r2 * (1 + 1e-12) ? bad : kept).push(t);
    }
    // The cavity boundary: edges that belong to exactly one bad triangle.
    const edgeCount = new Map<string, [number, number, number]>();
    for (const t of bad) {
      for (const [u, v] of [[t.a, t.b], [t.b, t.c], [t.c, t.a]] as const) {
        const k = u < v ? `${u},${v}` : `${v},${u}`;
        const entry = edgeCount.get(k);
        if (entry) entry[2]++;
        else edgeCount.set(k, [u, v, 1]);
      }
    }
    for (const [u, v, count] of edgeCount.values()) if (count === 1) kept.push(circumscribe(all, u, v, p));
    triangles = kept;
  }
  return triangles.filter((t) => t.a < n && t.b < n && t.c < n).map((t): Triangle => [t.a, t.b, t.c]);
}
