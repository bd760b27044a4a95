import type { Image, Point } from './image.js';
import { sampleBilinearReplicate } from './bilinear.js';

/** Row-major 2×3 affine [a, b, c, d, e, f]: x' = a·x + b·y + c, y' = d·x + e·y + f (cv2 layout). */
export type AffineMatrix = [number, number, number, number, number, number];

/**
 * cv2.getRotationMatrix2D: rotation by `degrees` (counter-clockwise as seen on screen) and
 * scale about `center`.
 */
export function rotationMatrix(center: Point, degrees: number, scale: number): AffineMatrix {
  const radians = (degrees * Math.PI) / 180;
  const alpha = scale * Math.cos(radians);
  const beta = scale * Math.sin(radians);
  const [cx, cy] = center;
  return [alpha, beta, (1 - alpha) * cx - beta * cy, -beta, alpha, beta * cx + (1 - alpha) * cy];
}

export function invertAffine(m: AffineMatrix): AffineMatrix {
  const [a, b, c, d, e, f] = m;
  const det = a * e - b * d;
  if (det === 0) throw new Error('affine matrix is singular');
  const ia = e / det;
  const ib = -b / det;
  const id = -d / det;
  const ie = a / det;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}

/** Where landmarks go when their image is warped with `matrix`. */
export function transformPoints(points: readonly Point[], matrix: AffineMatrix): Point[] {
  const [a, b, c, d, e, f] = matrix;
  return points.map(([x, y]): Point => [a * x + b * y + c, d * x + e * y + f]);
}

/**
 * cv2.warpAffine(image, matrix, (W, H), INTER_LINEAR, BORDER_REPLICATE): each output pixel
 * samples the input at the inverse-mapped position. Any channel count, so the same matrix
 * serves the face and its masks. The output has the input's size unless `size` says otherwise.
 */
export function warpAffine(image: Image, matrix: AffineMatrix, size?: { width: number; height: number }): Image {
  const { channels } = image;
  const width = size?.width ?? image.width;
  const height = size?.height ?? image.height;
  const [a, b, c, d, e, f] = invertAffine(matrix);
  const out = new Float32Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    // Walk each row incrementally: the source position moves by (a, d) per output pixel.
    let sx = b * y + c;
    let sy = e * y + f;
    for (let x = 0; x < width; x++) {
      sampleBilinearReplicate(image, sx, sy, out, (y * width + x) * channels);
      sx += a;
      sy += d;
    }
  }
  return { width, height, channels, data: out };
}
