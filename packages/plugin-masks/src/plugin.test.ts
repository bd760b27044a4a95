import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createForge, createImage, silentLogger, type FaceRecord } from '@faceforge/core';
import { storedLandmarkMasks } from '@faceforge/core/extract';
import { landmarkMaskDrawing } from '@faceforge/core/masks';
import { meanFaceLandmarks } from '@faceforge/core/testing';
import landmarkMasks, { landmarkMask } from './index.js';

const forge = await createForge({ discover: false, log: silentLogger, plugins: [landmarkMasks] });

test('registers components, extended, eye, mouth and full under the plugin name landmark-masks', () => {
  assert.equal(landmarkMasks.meta.name, 'landmark-masks');
  assert.equal(landmarkMasks.meta.kind, 'mask');
  for (const name of ['components', 'extended', 'eye', 'mouth', 'full']) assert.equal(forge.masks.owner(name), 'landmark-masks', name);
});

test('create scales the face\'s landmarks to the mask size; fromLandmarks draws the same mask', () => {
  const face = { path: 'f.png', image: createImage(128, 128, 3), landmarks: meanFaceLandmarks(128), masks: {} } as unknown as FaceRecord;
  for (const name of ['components', 'extended', 'eye', 'mouth'] as const) {
    const created = forge.masks.get(name).create(face, 64);
    assert.deepEqual(created.data, landmarkMask(name, meanFaceLandmarks(128).map(([x, y]) => [x / 2, y / 2]), 64).data, name);
    assert.deepEqual(landmarkMaskDrawing(forge.masks, name)!(meanFaceLandmarks(64), 64).data, landmarkMask(name, meanFaceLandmarks(64), 64).data, name);
  }
  assert.throws(() => forge.masks.get('extended').create({ ...face, landmarks: undefined }, 64), /f\.png: the 'extended' mask needs landmarks/);
  assert.ok(forge.masks.get('full').create(face, 16).data.every((v) => v === 1));
  assert.equal(landmarkMaskDrawing(forge.masks, 'full'), undefined, 'full is not drawn from landmarks');
});

test('extraction stores the components and extended masks this plugin draws', () => {
  assert.deepEqual(storedLandmarkMasks(forge.masks).map((s) => s.name), ['components', 'extended']);
  const bare = createForge({ discover: false, log: silentLogger });
  return bare.then((core) => assert.throws(() => storedLandmarkMasks(core.masks), /'components', 'extended'.*@faceforge\/plugin-masks/));
});
