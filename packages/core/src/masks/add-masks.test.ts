import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createForge } from '../create-forge.js';
import { createImage, type Image } from '../data/image.js';
import { decodeStoredMask } from '../data/face-metadata.js';
import { readFaceMetadata } from '../data/face-writer.js';
import type { FaceforgePlugin } from '../plugin/plugin.js';
import { silentLogger } from '../util/logger.js';
import { DataError } from '../util/errors.js';
import { addMasks } from './add-masks.js';
import { writeTestFaces } from './test-faces.fixture.js';
import { testMaskPlugin } from './test-masks.fixture.js';

/** A neural mask stand-in: predicts the left half of every face, at 32 px. */
const fakeNeural: FaceforgePlugin = {
  meta: { name: 'fake-neural', kind: 'mask', version: '0.0.0', description: 'test' },
  apply(api) {
    api.masks.register({
      name: 'halves', description: 'left half', create: () => { throw new Error('not used'); },
      neural: {
        trainingSize: () => 32,
        train: () => { throw new Error('not used'); },
        load: async (weights) => {
          if (!weights.endsWith('.weights')) throw new DataError(`${weights}: not weights`);
          return {
            inputSize: 32,
            predict: async (faces: Image[]) => faces.map((face) => {
              assert.equal(face.width, 32);
              const mask = createImage(32, 32, 1);
              for (let y = 0; y < 32; y++) for (let x = 0; x < 16; x++) mask.data[y * 32 + x] = 1;
              return mask;
            }),
            dispose: () => undefined,
          };
        },
      },
    });
  },
};

const idat = (png: Buffer) => png.subarray(png.indexOf('IDAT') - 4);

test('a landmark mask is stored in every face, readable with decodeStoredMask, covering the landmarks; pixels untouched', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-addmask-'));
  const paths = await writeTestFaces(dir, 3, 96);
  const before = await readFile(paths[0]!);
  const forge = await createForge({ discover: false, log: silentLogger, plugins: [testMaskPlugin] });
  const progress: number[] = [];
  const result = await addMasks(forge, { dir, type: 'components', storageSize: 64, onProgress: (p) => progress.push(p.done) });
  assert.deepEqual([result.total, result.updated, result.skipped, result.failed.length], [3, 3, 0, 0]);
  assert.equal(progress.at(-1), 3);
  assert.ok(idat(before).equals(idat(await readFile(paths[0]!))), 'the image data is byte for byte the same');
  const metadata = (await readFaceMetadata(paths[0]!))!;
  const mask = decodeStoredMask(metadata.masks.components!, paths[0]);
  assert.equal(mask.width, 64);
  // every inner landmark (brows, eyes, nose, mouth) falls inside the mask
  const scale = 64 / 96;
  for (const [x, y] of metadata.landmarks.slice(17)) {
    const inside = mask.data[Math.round(y * scale) * 64 + Math.round(x * scale)]!;
    assert.ok(inside > 0.5, `landmark (${x}, ${y}) outside the mask`);
  }
  assert.equal(mask.data[0], 0, 'the corner is background');

  const again = await addMasks(forge, { dir, type: 'components', storageSize: 64, missingOnly: true });
  assert.deepEqual([again.updated, again.skipped], [0, 3]);
});

test('a neural mask is predicted at its input size and stored at the storage size', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-addmask-'));
  const paths = await writeTestFaces(dir, 3, 64);
  const forge = await createForge({ discover: false, log: silentLogger, plugins: [fakeNeural] });
  await assert.rejects(addMasks(forge, { dir, type: 'halves' }), /give its weights with --weights/);
  const result = await addMasks(forge, { dir, type: 'halves', weights: 'x.weights', storageSize: 128, batchSize: 2 });
  assert.equal(result.updated, 3);
  const mask = decodeStoredMask((await readFaceMetadata(paths[2]!))!.masks.halves!);
  assert.equal(mask.width, 128);
  assert.ok(mask.data[10 * 128 + 5]! > 0.99 && mask.data[10 * 128 + 120]! < 0.01);
});

test('bad files are reported by name and skipped; the others are masked', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-addmask-'));
  await writeTestFaces(dir, 2, 64);
  await writeFile(join(dir, 'broken.png'), 'not a png');
  const sharp = (await import('sharp')).default;
  await sharp({ create: { width: 16, height: 16, channels: 3, background: 'grey' } }).png().toFile(join(dir, 'plain.png'));
  const forge = await createForge({ discover: false, log: silentLogger, plugins: [testMaskPlugin] });
  const result = await addMasks(forge, { dir, type: 'extended' });
  assert.equal(result.updated, 2);
  assert.deepEqual(result.failed.map((f) => f.path.split('/').pop()).sort(), ['broken.png', 'plain.png']);
  assert.match(result.failed.find((f) => f.path.endsWith('plain.png'))!.message, /plain\.png: not an extracted face/);
  await assert.rejects(addMasks(forge, { dir, type: 'nope' }), /no mask named 'nope'/);
});
