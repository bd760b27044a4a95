/**
 * Where the model's face lies in a frame. Training reads an aligned face and cuts the model's
 * centering and coverage out of it (data/face-file.ts: the pose-corrected sub-crop for extracted
 * faces, the central crop for plain images), then resizes that to the model size. Convert composes
 * the same crop with the face's alignment matrix, so a frame maps straight onto the model's input
 * and output pixels, and the swapped face maps straight back.
 */
import { createImage, type Image, type Point } from '../image/image.js';
import { warpAffineArea } from '../image/warp-affine-area.js';
import { invertAffine, transformPoints, type AffineMatrix } from '../image/affine.js';
import { subCropRect, type CropRect } from '../extract/centering.js';
import type { LocatedFace, RgbFrame } from './convert-types.js';
import type { ModelFraming } from './model-framing.js';

/** `outer ∘ inner`: apply `inner` first, then `outer`. */
export function composeAffine(outer: AffineMatrix, inner: AffineMatrix): AffineMatrix {
  const [a, b, c, d, e, f] = outer;
  const [p, q, r, s, t, u] = inner;
  return [a * p + b * s, a * q + b * t, a * r + b * u + c, d * p + e * s, d * q + e * t, d * r + e * u + f];
}

/**
 * The square of the aligned face that the model sees, as training cuts it: with pose offsets
 * (extracted faces) faceswap's sub-crop to the model's centering and coverage; without (a plain
 * face image, a fixed box) the central `coverage` fraction.
 */
export function modelCropRect(face: Pick<LocatedFace, 'size' | 'centering' | 'offsets'>, framing: ModelFraming): CropRect {
  if (face.offsets) return subCropRect(face.size, face.centering, framing.centering, framing.coverage, face.offsets);
  const side = Math.max(1, Math.round(face.size * framing.coverage));
  const left = Math.floor((face.size - side) / 2);
  return { left, top: left, size: side };
}

/** Aligned-face pixels → `size` px of the crop `rect`; pixel centres map onto pixel centres, as a resize does. */
export function cropMatrix(rect: CropRect, size: number): AffineMatrix {
  const scale = size / rect.size;
  const offset = (scale - 1) / 2;
  return [scale, 0, offset - scale * rect.left, 0, scale, offset - scale * rect.top];
}

/** Frame pixels → the model's face at `size` px. */
export function modelFaceMatrix(face: Pick<LocatedFace, 'matrix' | 'size' | 'centering' | 'offsets'>, framing: ModelFraming, size: number): AffineMatrix {
  return composeAffine(cropMatrix(modelCropRect(face, framing), size), face.matrix);
}

/** Aligned-face landmarks in the model crop's pixels (at `size`). */
export function landmarksInCrop(face: Pick<LocatedFace, 'landmarks' | 'size' | 'centering' | 'offsets'>, framing: ModelFraming, size: number): Point[] | undefined {
  return face.landmarks && transformPoints(face.landmarks, cropMatrix(modelCropRect(face, framing), size));
}

export interface ExtractedFace {
  /** The face, `size`×`size` RGB. */
  image: Image;
  /** 1 where the face pixel comes from inside the frame, 0 where it lies off the frame's edge. */
  inFrame: Image;
}

/**
 * Samples the face that `matrix` maps onto a `size`×`size` square. When the frame is larger than
 * the face (the usual case), each face pixel averages a k×k grid of bilinear samples over its
 * footprint, so a face shrunk from a large frame is not aliased (image/warp-affine-area.ts). Off
 * the frame the edge is replicated; `inFrame` says how much of each pixel lies on the frame.
 */
export function extractFace(frame: Image, matrix: AffineMatrix, size: number): ExtractedFace {
  const warped = warpAffineArea(frame, invertAffine(matrix), size, size, { edge: 'replicate', sum: 'float64' });
  return {
    image: { width: size, height: size, channels: frame.channels, data: warped.data },
    inFrame: { width: size, height: size, channels: 1, data: warped.inFrame },
  };
}

/**
 * extractFace straight from an 8-bit frame: only the frame region the face square can reach is
 * converted to floats, so a 4K frame with one small face costs what the face costs.
 */
export function extractFromFrame(frame: RgbFrame, matrix: AffineMatrix, size: number): ExtractedFace {
  const corners = transformPoints([[-0.5, -0.5], [size - 0.5, -0.5], [-0.5, size - 0.5], [size - 0.5, size - 0.5]], invertAffine(matrix));
  // One pixel of margin for the bilinear neighbours, clipped to the frame.
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((p) => p[0]))) - 1);
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((p) => p[1]))) - 1);
  const x1 = Math.min(frame.width, Math.ceil(Math.max(...corners.map((p) => p[0]))) + 2);
  const y1 = Math.min(frame.height, Math.ceil(Math.max(...corners.map((p) => p[1]))) + 2);
  if (x1 <= x0 || y1 <= y0) {
    // The face lies wholly off the frame: nothing of it is in view.
    return { image: createImage(size, size, 3), inFrame: createImage(size, size, 1) };
  }
  const region = createImage(x1 - x0, y1 - y0, 3);
  for (let y = y0; y < y1; y++) {
    const from = (y * frame.width + x0) * 3;
    const to = (y - y0) * region.width * 3;
    for (let i = 0; i < region.width * 3; i++) region.data[to + i] = frame.data[from + i]! / 255;
  }
  // Region pixels → frame pixels is a shift by (x0, y0). The region's edges are the frame's edges
  // wherever it was clipped; elsewhere no sample reaches them, so inFrame stays exact.
  return extractFace(region, composeAffine(matrix, [1, 0, x0, 0, 1, y0]), size);
}
