import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Point } from './image.js';
import type { RgbPixels } from '../image/rgb-pixels.js';
import { writeFaceFile } from './face-writer.js';
import { readFaceFile } from './face-file.js';
import { loadFaceSet } from './face-set.js';
import { silentLogger } from '../util/logger.js';
import { meanFaceLandmarks } from '../testing/mean-face-landmarks.js';
import { hullMask, raisedHullMask, testStoredMasks } from '../masks/test-masks.fixture.js';
import { alignFace, warpFace } from '../extract/align-face.js';
import { faceMetadata } from '../extract/extract.js';
import { transformPoints } from '../image/affine.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ff-face-file-'));
});

/** A smooth, textured 480×400 frame (so crops can be compared pixel by pixel). */
function frame(): RgbPixels {
  const width = 480, height = 400;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = 128 + 100 * Math.sin(x / 17);
      data[o + 1] = 128 + 100 * Math.cos(y / 23);
      data[o + 2] = 128 + 100 * Math.sin((x + y) / 31);
    }
  }
  return { width, height, data };
}

/** The fixture face, turned 12° and placed off-centre in the frame. */
function frameLandmarks(): Point[] {
  const r = (12 * Math.PI) / 180;
  return transformPoints(meanFaceLandmarks(180), [Math.cos(r), -Math.sin(r), 170, Math.sin(r), Math.cos(r), 90]);
}

function meanAbsDiff(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

test('an extracted (head) face read at face/legacy centering and coverage equals extracting that framing directly', async () => {
  const pixels = frame();
  const landmarks = frameLandmarks();
  const head = alignFace(landmarks, { size: 512, centering: 'head' });
  const path = join(dir, 'face.png');
  const detected = { box: [0, 0, 1, 1] as [number, number, number, number], score: 1, landmarks, descriptor: [] };
  await writeFaceFile(path, warpFace(pixels, head.matrix, 512), faceMetadata(detected, head, { file: 'frame.png', frame: 0, faceIndex: 0, frameSize: [480, 400] }, testStoredMasks));

  for (const [centering, coverage] of [['face', 1], ['face', 0.875], ['legacy', 1], ['head', 0.8]] as const) {
    const size = 64;
    const loaded = await readFaceFile(path, size, coverage, centering);
    const direct = alignFace(landmarks, { size, centering, coverage });
    const expected = warpFace(pixels, direct.matrix, size);
    const expectedImage = Float32Array.from(expected.data, (v) => v / 255);
    const diff = meanAbsDiff(loaded.image.data, expectedImage);
    assert.ok(diff < 0.03, `${centering} ${coverage}: pixels differ by ${diff.toFixed(4)} on average`);
    const worst = Math.max(...loaded.landmarks!.map(([x, y], i) => Math.hypot(x - direct.landmarks[i]![0], y - direct.landmarks[i]![1])));
    assert.ok(worst < 1, `${centering} ${coverage}: landmarks off by up to ${worst.toFixed(2)} px`);
    // stored masks come out in the same frame as the face: compare with the mask drawn from the direct landmarks
    for (const name of ['components', 'extended'] as const) {
      const mask = loaded.masks[name]!;
      const drawn = (name === 'components' ? hullMask : raisedHullMask)(direct.landmarks, size);
      let both = 0, either = 0;
      for (let i = 0; i < mask.data.length; i++) {
        const a = mask.data[i]! > 0.5, b = drawn.data[i]! > 0.5;
        if (a && b) both++;
        if (a || b) either++;
      }
      assert.ok(both / either > 0.9, `${centering} ${coverage} ${name}: IoU ${(both / either).toFixed(3)}`);
    }
  }
});

test('readFaceFile without a centering keeps an extracted face at its own framing; maskNames limits the masks', async () => {
  const pixels = frame();
  const landmarks = frameLandmarks();
  const head = alignFace(landmarks, { size: 256, centering: 'head' });
  const path = join(dir, 'own.png');
  const detected = { box: [0, 0, 1, 1] as [number, number, number, number], score: 1, landmarks, descriptor: [] };
  await writeFaceFile(path, warpFace(pixels, head.matrix, 256), faceMetadata(detected, head, { file: 'frame.png', frame: 0, faceIndex: 0, frameSize: [480, 400] }, testStoredMasks));
  const loaded = await readFaceFile(path, 128, 1, undefined, ['extended']);
  assert.deepEqual(Object.keys(loaded.masks), ['extended']);
  const worst = Math.max(...loaded.landmarks!.map(([x, y], i) => Math.hypot(x - head.landmarks[i]![0] / 2, y - head.landmarks[i]![1] / 2)));
  assert.ok(worst < 0.01, `landmarks scaled by half, off by ${worst}`);
});

test('loadFaceSet passes the centering through and puts stored masks into FaceRecord.masks by name', async () => {
  const folder = join(dir, 'set');
  const pixels = frame();
  const landmarks = frameLandmarks();
  const head = alignFace(landmarks, { size: 256, centering: 'head' });
  const detected = { box: [0, 0, 1, 1] as [number, number, number, number], score: 1, landmarks, descriptor: [] };
  for (const i of [0, 1]) await writeFaceFile(join(folder, `f${i}.png`), warpFace(pixels, head.matrix, 256), faceMetadata(detected, head, { file: 'frame.png', frame: i, faceIndex: 0, frameSize: [480, 400] }, testStoredMasks));
  const faces = await loadFaceSet(folder, { size: 64, coverage: 1, centering: 'face', masks: ['components'], minFaces: 1, log: silentLogger });
  assert.equal(faces.length, 2);
  const direct = alignFace(landmarks, { size: 64, centering: 'face' });
  assert.deepEqual(Object.keys(faces[0]!.masks), ['components']);
  assert.equal(faces[0]!.masks.components!.width, 64);
  const worst = Math.max(...faces[0]!.landmarks!.map(([x, y], i) => Math.hypot(x - direct.landmarks[i]![0], y - direct.landmarks[i]![1])));
  assert.ok(worst < 1, `landmarks off by ${worst}`);
});
