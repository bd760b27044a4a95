import { type Image, type Point, type Rng, convexHull, insideConvexPolygon, remap } from '@faceforge/core';
import { delaunay } from './delaunay.js';

/** faceswap's destination jitter: σ = 2/256 of the processing size. */
export function defaultLandmarkJitter(size: number): number {
  return (2 / 256) * size;
}

/** Adds N(0, σ) to each coordinate (x then y per point). */
export function jitterLandmarks(points: readonly Point[], sigma: number, rng: Rng): Point[] {
  return points.map(([x, y]): Point => [x + rng.normal(0, sigma), y + rng.normal(0, sigma)]);
}

/** Corners and edge midpoints pin the image border so only the face region moves. */
function edgeAnchors(width: number, height: number): Point[] {
  const right = width - 1;
  const bottom = height - 1;
  const midX = Math.floor(width / 2);
  const midY = Math.floor(height / 2);
  return [[0, 0], [0, bottom], [right, 0], [right, bottom], [0, midY], [midX, 0], [right, midY], [midX, bottom]];
}

/**
 * The src/dst point pairs faceswap interpolates: 68 landmarks minus jaw/brow points (0–17)
 * that fall inside the hull of both faces' cores (17–67) on either side — they would fold the
 * mesh — plus the 8 edge anchors (fixed points).
 */
export function landmarkWarpPairs(src: readonly Point[], dst: readonly Point[], width: number, height: number) {
  const core = convexHull([...src.slice(17), ...dst.slice(17)]);
  const from: Point[] = [];
  const to: Point[] = [];
  for (let i = 0; i < src.length; i++) {
    if (i < 18 && (insideConvexPolygon(core, src[i]!) || insideConvexPolygon(core, dst[i]!))) continue;
    from.push(src[i]!);
    to.push(dst[i]!);
  }
  for (const anchor of edgeAnchors(width, height)) {
    from.push(anchor);
    to.push(anchor);
  }
  return { from, to };
}

/**
 * Dense dst→src maps by piecewise-linear interpolation over a Delaunay triangulation of the
 * destination points (what scipy's griddata(method='linear') computes). Pixels no triangle
 * covers get NaN, which remap treats as "keep the source pixel" (BORDER_TRANSPARENT).
 */
export function landmarkWarpMaps(src: readonly Point[], dst: readonly Point[], width: number, height: number) {
  const { from, to } = landmarkWarpPairs(src, dst, width, height);
  const mapX = new Float32Array(width * height).fill(NaN);
  const mapY = new Float32Array(width * height).fill(NaN);
  for (const [i, j, k] of delaunay(to)) {
    const [x1, y1] = to[i]!;
    const [x2, y2] = to[j]!;
    const [x3, y3] = to[k]!;
    const det = (y2 - y3) * (x1 - x3) + (x3 - x2) * (y1 - y3);
    if (Math.abs(det) < 1e-12) continue;
    const [u1, v1] = from[i]!;
    const [u2, v2] = from[j]!;
    const [u3, v3] = from[k]!;
    // Rasterise the triangle's bounding box and keep pixels with non-negative barycentrics.
    const xs = Math.max(0, Math.ceil(Math.min(x1, x2, x3)));
    const xe = Math.min(width - 1, Math.floor(Math.max(x1, x2, x3)));
    const ys = Math.max(0, Math.ceil(Math.min(y1, y2, y3)));
    const ye = Math.min(height - 1, Math.floor(Math.max(y1, y2, y3)));
    const tolerance = -1e-9;
    for (let y = ys; y <= ye; y++) {
      for (let x = xs; x <= xe; x++) {
        const l1 = ((y2 - y3) * (x - x3) + (x3 - x2) * (y - y3)) / det;
        const l2 = ((y3 - y1) * (x - x3) + (x1 - x3) * (y - y3)) / det;
        const l3 = 1 - l1 - l2;
        if (l1 < tolerance || l2 < tolerance || l3 < tolerance) continue;
        const p = y * width + x;
        mapX[p] = l1 * u1 + l2 * u2 + l3 * u3;
        mapY[p] = l1 * v1 + l2 * v2 + l3 * v3;
      }
    }
  }
  return { mapX, mapY };
}

/**
 * The dfaker warp: moves the face so the features at `src` land on `dst`. Both sets are
 * 68-point landmarks in this image's pixel frame.
 */
export function warpToLandmarks(image: Image, src: readonly Point[], dst: readonly Point[]): Image {
  const { mapX, mapY } = landmarkWarpMaps(src, dst, image.width, image.height);
  return remap(image, mapX, mapY);
}
