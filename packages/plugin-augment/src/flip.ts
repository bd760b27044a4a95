import type { Image, Point } from '@faceforge/core';

/** Mirror left-right; any channel count. Exact, so flipping twice gives the input back bit for bit. */
export function flipImage(image: Image): Image {
  const { width, height, channels, data } = image;
  const out = new Float32Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const from = (row + x) * channels;
      const to = (row + width - 1 - x) * channels;
      for (let c = 0; c < channels; c++) out[to + c] = data[from + c]!;
    }
  }
  return { width, height, channels, data: out };
}

/**
 * Landmarks of a flipped image: x' = W−1−x, as faceswap does. Indices are not swapped, so after
 * a flip "right eye" points sit on the other side; consumers must not assume handedness.
 */
export function flipPoints(points: readonly Point[], width: number): Point[] {
  return points.map(([x, y]): Point => [width - 1 - x, y]);
}
