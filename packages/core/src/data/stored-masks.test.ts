import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createImage } from './image.js';
import { encodeStoredMask, type FaceMetadata } from './face-metadata.js';
import { writeFaceFile } from './face-writer.js';
import { loadFaceSet } from './face-set.js';
import { silentLogger } from '../util/logger.js';

test('the face loader exposes stored masks by name, cropped to the coverage and at the processing size', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-stored-'));
  // a 32 px mask whose centre half is 1, around a 0 border
  const mask = createImage(32, 32, 1);
  for (let y = 8; y < 24; y++) for (let x = 8; x < 24; x++) mask.data[y * 32 + x] = 1;
  const metadata: FaceMetadata = {
    format: 'faceforge-face', version: 1, size: 64, centering: 'head', landmarks: Array.from({ length: 68 }, () => [32, 32] as [number, number]),
    source: { file: 'x.mp4', frame: 0, faceIndex: 0, frameSize: [64, 64] }, box: [0, 0, 64, 64], matrix: [1, 0, 0, 0, 1, 0],
    masks: { u2net: encodeStoredMask(mask) },
  };
  for (let i = 0; i < 2; i++) await writeFaceFile(join(dir, `f${i}.png`), { width: 64, height: 64, data: new Uint8Array(64 * 64 * 3).fill(100) }, metadata);
  const full = await loadFaceSet(dir, { size: 16, coverage: 1, log: silentLogger, minFaces: 2 });
  const u2net = full[0]!.masks.u2net!;
  assert.deepEqual([u2net.width, u2net.height, u2net.channels], [16, 16, 1]);
  assert.ok(u2net.data[8 * 16 + 8]! > 0.99 && u2net.data[0]! < 0.01);
  // at 50 % coverage only the centre half remains: all mask
  const half = await loadFaceSet(dir, { size: 16, coverage: 0.5, log: silentLogger, minFaces: 2 });
  assert.ok(half[1]!.masks.u2net!.data.every((v) => v > 0.99));
});
