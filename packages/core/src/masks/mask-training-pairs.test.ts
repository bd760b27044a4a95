import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createForge } from '../create-forge.js';
import { createImage } from '../data/image.js';
import { encodeStoredMask } from '../data/face-metadata.js';
import { loadMaskTrainingPairs } from './mask-training-pairs.js';
import { writeTestFaces } from './test-faces.fixture.js';
import { testMaskPlugin } from './test-masks.fixture.js';
import type { Logger } from '../util/logger.js';

function recorder(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, warn: (m) => warnings.push(m) };
}

test('pairs from a stored mask, from landmarks, or from mask images of the same name; faces without a mask are skipped by name', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-pairs-'));
  const full = encodeStoredMask(createImage(16, 16, 1, 1));
  await writeTestFaces(dir, 3, 64, (i) => (i === 0 ? { masks: { hand: full } } : {}));
  const forge = await createForge({ discover: false, log: recorder(), plugins: [testMaskPlugin] });

  const log = recorder();
  const stored = await loadMaskTrainingPairs(forge, { dir, size: 32, masksFrom: 'hand', log });
  assert.equal(stored.length, 1);
  assert.ok(stored[0]!.mask.data.every((v) => v > 0.99));
  assert.deepEqual([stored[0]!.face.width, stored[0]!.mask.width], [32, 32]);
  assert.equal(log.warnings.length, 2);
  assert.match(log.warnings[0]!, /face_01\.png: has no stored 'hand' mask/);

  const landmark = await loadMaskTrainingPairs(forge, { dir, size: 32, masksFrom: 'extended', log: recorder() });
  assert.equal(landmark.length, 3);
  assert.ok(landmark[0]!.mask.data[16 * 32 + 16]! > 0.5 && landmark[0]!.mask.data[0] === 0);

  const maskDir = join(dir, 'masks');
  await mkdir(maskDir);
  await sharp({ create: { width: 40, height: 40, channels: 3, background: 'white' } }).png().toFile(join(maskDir, 'face_02.png'));
  const fromFiles = await loadMaskTrainingPairs(forge, { dir, size: 32, maskDir, log: recorder() });
  assert.equal(fromFiles.length, 1);
  assert.ok(fromFiles[0]!.path.endsWith('face_02.png') && fromFiles[0]!.mask.data.every((v) => v === 1));

  await assert.rejects(loadMaskTrainingPairs(forge, { dir, size: 32, masksFrom: 'nothing', log: recorder() }), /no face has a usable mask/);
});
