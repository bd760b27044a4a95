/**
 * A mask drawn from landmarks with core's own geometry: the filled convex hull of all the points.
 * Core draws no real landmark mask (those are the mask plugins'); tests that only need some mask
 * that follows the landmarks (augmentation geometry, stored-mask stand-ins) use this one.
 */
import { createImage, type Image, type Point } from '../image/image.js';
import { convexHull } from '../image/convex-hull.js';
import { fillPolygon } from '../image/fill-polygon.js';

export function hullMask(landmarks: readonly Point[], size: number): Image {
  const mask = createImage(size, size, 1);
  fillPolygon(mask, convexHull([...landmarks]));
  return mask;
}
