import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage, type Image } from '../data/image.js';
import { invertAffine, rotationMatrix, transformPoints, type AffineMatrix } from '../image/affine.js';
import { composeAffine, cropMatrix, extractFace, extractFromFrame, modelCropRect, modelFaceMatrix } from './face-geometry.js';
import { subCropRect } from '../extract/centering.js';
import { faceFootprint, pasteFace } from './paste-back.js';
import { boxFace } from './face-locator.js';
import type { RgbFrame } from './convert-types.js';

/** A frame with a smooth colour field, so bilinear sampling is exact up to float error. */
function smoothFrame(width: number, height: number): RgbFrame {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      data[at] = x % 256;
      data[at + 1] = y % 256;
      data[at + 2] = (x + y) % 256;
    }
  }
  return { width, height, data };
}

test('composeAffine applies the inner matrix first', () => {
  const inner: AffineMatrix = [2, 0, 1, 0, 3, -1];
  const outer = rotationMatrix([5, 5], 30, 1.5);
  const [p] = transformPoints([[4, 7]], composeAffine(outer, inner));
  const [q] = transformPoints(transformPoints([[4, 7]], inner), outer);
  assert.ok(Math.abs(p![0] - q![0]) < 1e-9 && Math.abs(p![1] - q![1]) < 1e-9);
});

test('the model crop: the central coverage of a plain face, the pose-corrected sub-crop of an extracted one', () => {
  // 256 px plain face, 62.5 % coverage: side 160 from 48 (readFaceFile's centre crop), resized to 64
  const plain = { size: 256, centering: 'face' as const };
  assert.deepEqual(modelCropRect(plain, { centering: 'face', coverage: 0.625 }), { left: 48, top: 48, size: 160 });
  const [first, last] = transformPoints([[48, 48], [48 + 159, 48 + 159]], cropMatrix({ left: 48, top: 48, size: 160 }, 64));
  // pixel centres onto pixel centres: the first and last source centres land 0.5·(scale − 1) inside
  assert.ok(Math.abs(first![0] - (64 / 160 - 1) / 2) < 1e-9);
  assert.ok(Math.abs(last![0] - (63 - (64 / 160 - 1) / 2)) < 1e-9);
  assert.deepEqual(cropMatrix(modelCropRect({ size: 64, centering: 'face' }, { centering: 'face', coverage: 1 }), 64), [1, 0, 0, 0, 1, 0]);
  // an extracted head face with pose offsets: exactly training's sub-crop (extract/centering.ts)
  const offsets = { legacy: [0, 0] as [number, number], face: [0.01, -0.12] as [number, number], head: [0.02, -0.3] as [number, number] };
  const extracted = { size: 512, centering: 'head' as const, offsets };
  assert.deepEqual(modelCropRect(extracted, { centering: 'face', coverage: 0.875 }), subCropRect(512, 'head', 'face', 0.875, offsets));
});

test('a box face cut from a frame and pasted back with a full mask leaves the frame as it was', () => {
  const frame = smoothFrame(200, 150);
  const face = boxFace({ x: 40, y: 30, side: 100 }, 100);
  const { image, inFrame } = extractFromFrame(frame, face.matrix, 100);
  assert.ok(inFrame.data.every((v) => v === 1));
  // exact pixels: the box maps pixel to pixel
  assert.equal(Math.round(image.data[0]! * 255), 40);
  assert.equal(Math.round(image.data[1]! * 255), 30);
  const copy: RgbFrame = { ...frame, data: new Uint8Array(frame.data) };
  const mask = createImage(100, 100, 1, 1);
  const written = pasteFace(copy, image, mask, face.matrix);
  assert.equal(written, 100 * 100);
  assert.deepEqual(copy.data, frame.data);
});

test('downscaling averages over the footprint (no aliasing of a fine checkerboard)', () => {
  const width = 128;
  const frame: RgbFrame = { width, height: width, data: new Uint8Array(width * width * 3) };
  for (let i = 0; i < width * width; i++) frame.data.fill(((i % width) + Math.floor(i / width)) % 2 ? 255 : 0, i * 3, i * 3 + 3);
  const { image } = extractFromFrame(frame, boxFace({ x: 0, y: 0, side: width }, 16).matrix, 16);
  for (const v of image.data) assert.ok(Math.abs(v - 0.5) < 0.02, `grey expected, got ${v}`);
});

test('a rotated, scaled face maps onto the model crop and back through the inverse', () => {
  const located = { matrix: composeAffine(rotationMatrix([64, 64], 20, 0.8), [1, 0, -30, 0, 1, -10]) as AffineMatrix, size: 128, centering: 'face' as const };
  const framing = { centering: 'face' as const, coverage: 0.75 };
  const model = modelFaceMatrix(located, framing, 64);
  const crop = cropMatrix(modelCropRect(located, framing), 64);
  const points: Array<[number, number]> = [[50, 60], [120, 90]];
  const direct = transformPoints(points, model);
  const twoSteps = transformPoints(transformPoints(points, located.matrix), crop);
  direct.forEach((p, i) => assert.ok(Math.hypot(p[0] - twoSteps[i]![0], p[1] - twoSteps[i]![1]) < 1e-9));
  const back = transformPoints(direct, invertAffine(model));
  back.forEach((p, i) => assert.ok(Math.hypot(p[0] - points[i]![0], p[1] - points[i]![1]) < 1e-9));
});

test('a face over the frame edge: inFrame marks the part in view, paste-back writes only frame pixels and no others', () => {
  const frame = smoothFrame(120, 100);
  // the box hangs 40 px over the left edge and 30 px over the bottom
  const face = boxFace({ x: -40, y: 50, side: 80 }, 80);
  const { inFrame } = extractFromFrame(frame, face.matrix, 80);
  assert.equal(inFrame.data[40 * 80 + 10], 0, 'left part is off the frame');
  assert.equal(inFrame.data[10 * 80 + 60], 1, 'top right part is in view');
  const footprint = faceFootprint(face.matrix, 80, 80, frame);
  assert.deepEqual(footprint, { x0: 0, y0: 49, x1: 41, y1: 100 });
  const white: Image = createImage(80, 80, 3, 1);
  const copy: RgbFrame = { ...frame, data: new Uint8Array(frame.data) };
  const written = pasteFace(copy, white, createImage(80, 80, 1, 1), face.matrix);
  assert.equal(written, 40 * 50, 'the 40×50 px in view');
  for (let y = 0; y < 100; y++) {
    for (let x = 0; x < 120; x++) {
      const inside = x < 40 && y >= 50;
      const at = (y * 120 + x) * 3;
      if (inside) assert.equal(copy.data[at], 255);
      else assert.equal(copy.data[at], frame.data[at], `pixel ${x},${y} untouched`);
    }
  }
  // wholly off the frame: nothing to cut, nothing to paste
  const gone = boxFace({ x: 500, y: 500, side: 50 }, 50);
  assert.ok(extractFromFrame(frame, gone.matrix, 50).inFrame.data.every((v) => v === 0));
  assert.equal(pasteFace(copy, createImage(50, 50, 3), createImage(50, 50, 1, 1), gone.matrix), 0);
});

test('the mask decides: zero-mask pixels are never written, half-mask pixels mix', () => {
  const frame = smoothFrame(64, 64);
  const face = boxFace({ x: 0, y: 0, side: 64 }, 64);
  const mask = createImage(64, 64, 1);
  for (let y = 16; y < 48; y++) mask.data.fill(0.5, y * 64 + 16, y * 64 + 48);
  const copy: RgbFrame = { ...frame, data: new Uint8Array(frame.data) };
  pasteFace(copy, createImage(64, 64, 3, 1), mask, face.matrix);
  const at = (x: number, y: number) => (y * 64 + x) * 3;
  assert.equal(copy.data[at(32, 32)], Math.round((32 + 255) / 2));
  assert.equal(copy.data[at(5, 5)], frame.data[at(5, 5)]);
  // a pixel whose bilinear mask value is exactly 0 stays, the one next to the mask edge gets a share
  assert.equal(copy.data[at(14, 30)], frame.data[at(14, 30)]);
});

test('extractFace on a float image works with any channel count', () => {
  const mask = createImage(32, 32, 1, 0.25);
  const { image } = extractFace(mask, [0.5, 0, 0, 0, 0.5, 0], 16);
  assert.equal(image.channels, 1);
  assert.ok(image.data.every((v) => Math.abs(v - 0.25) < 1e-6));
});
