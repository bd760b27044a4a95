/**
 * Pasting a swapped face back into its frame (faceswap's warpAffine with WARP_INVERSE_MAP and
 * alpha composite): every frame pixel in the face's footprint looks up its spot in the face
 * through the alignment matrix and mixes `frame·(1 − m) + face·m`. Only pixels whose mask is above
 * zero are written, so everything else stays bit-identical; footprint parts beyond the frame's
 * edge are simply never visited, which is all a face near the edge needs.
 */
import type { Image } from '../data/image.js';
import { sampleBilinearReplicate } from '../image/bilinear.js';
import { invertAffine, transformPoints, type AffineMatrix } from '../image/affine.js';
import type { RgbFrame } from './convert-types.js';

/** The frame-pixel box [x0, x1) × [y0, y1) that a `width`×`height` face under `matrix` can touch, clipped to the frame. */
export function faceFootprint(matrix: AffineMatrix, width: number, height: number, frame: { width: number; height: number }) {
  const corners = transformPoints([[-0.5, -0.5], [width - 0.5, -0.5], [-0.5, height - 0.5], [width - 0.5, height - 0.5]], invertAffine(matrix));
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  return {
    x0: Math.max(0, Math.floor(Math.min(...xs))),
    y0: Math.max(0, Math.floor(Math.min(...ys))),
    x1: Math.min(frame.width, Math.ceil(Math.max(...xs)) + 1),
    y1: Math.min(frame.height, Math.ceil(Math.max(...ys)) + 1),
  };
}

/**
 * Composites `face` (RGB) with `mask` (1 channel, same size) into `frame` in place; `matrix` maps
 * frame pixels to face pixels. Returns the number of frame pixels written.
 */
export function pasteFace(frame: RgbFrame, face: Image, mask: Image, matrix: AffineMatrix): number {
  if (face.width !== mask.width || face.height !== mask.height) {
    throw new RangeError(`face ${face.width}x${face.height} and mask ${mask.width}x${mask.height} differ in size`);
  }
  const { x0, y0, x1, y1 } = faceFootprint(matrix, face.width, face.height, frame);
  const [a, b, c, d, e, f] = matrix;
  const maxU = face.width - 1;
  const maxV = face.height - 1;
  const alpha = new Float32Array(1);
  const colour = new Float32Array(3);
  const data = frame.data;
  let written = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const u = a * x + b * y + c;
      const v = d * x + e * y + f;
      // Outside the face square the mask is zero by definition (no replicated border).
      if (u < 0 || v < 0 || u > maxU || v > maxV) continue;
      sampleBilinearReplicate(mask, u, v, alpha, 0);
      const m = alpha[0]! > 1 ? 1 : alpha[0]!;
      if (!(m > 0)) continue;
      sampleBilinearReplicate(face, u, v, colour, 0);
      const at = (y * frame.width + x) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const background = data[at + ch]!;
        const value = background + (colour[ch]! * 255 - background) * m;
        data[at + ch] = value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
      }
      written++;
    }
  }
  return written;
}
