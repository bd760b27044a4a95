import type { Point } from './image.js';

/** z of (a - o) × (b - o): > 0 when o→a→b turns counter-clockwise in a y-up frame. */
export function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/**
 * Convex hull by Andrew's monotone chain. Collinear and duplicate points are dropped, so the
 * result holds only true corners, in a consistent winding. Fewer than 3 distinct points come
 * back as they are (deduplicated).
 */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = points
    .map((p): Point => [p[0], p[1]])
    .sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const unique: Point[] = [];
  for (const p of sorted) {
    const last = unique[unique.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) unique.push(p);
  }
  if (unique.length < 3) return unique;

  const lower: Point[] = [];
  for (const p of unique) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = unique.length - 1; i >= 0; i--) {
    const p = unique[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  // The last point of each chain is the first of the other.
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/**
 * True when `point` lies inside or on the boundary of a convex polygon (either winding),
 * like cv2.pointPolygonTest(...) >= 0.
 */
export function insideConvexPolygon(polygon: readonly Point[], point: Point, tolerance = 1e-9): boolean {
  if (polygon.length < 3) return false;
  let sign = 0;
  for (let i = 0; i < polygon.length; i++) {
    const side = cross(polygon[i]!, polygon[(i + 1) % polygon.length]!, point);
    if (Math.abs(side) <= tolerance) continue;
    const s = side > 0 ? 1 : -1;
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}
