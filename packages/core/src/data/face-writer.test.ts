import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createImage } from './image.js';
import { decodeStoredMask, encodeStoredMask, type FaceMetadata } from './face-metadata.js';
import { readFaceMetadata, updateFaceMetadata, writeFaceFile } from './face-writer.js';
import { readFaceFile } from './face-file.js';
import { readPngText, writePngText } from './png-text.js';
import { DataError } from '../util/errors.js';

function metadataFor(size: number): FaceMetadata {
  return {
    format: 'faceforge-face', version: 1, size, centering: 'head',
    landmarks: Array.from({ length: 68 }, (_, i) => [10 + (i % 10), 8 + Math.floor(i / 10)] as [number, number]),
    source: { file: 'clip-é.mp4', frame: 12, faceIndex: 0, frameSize: [640, 480] },
    box: [100, 80, 120, 140], matrix: [0.5, 0, -40, 0, 0.5, -30], score: 0.98, masks: {},
  };
}

function gradientPixels(size: number): Uint8Array {
  const data = new Uint8Array(size * size * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7) % 256;
  return data;
}

test('a written face round-trips pixels and metadata (non-ASCII escaped), readable by readFaceFile', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-facew-'));
  const path = join(dir, 'face.png');
  const pixels = gradientPixels(32);
  await writeFaceFile(path, { width: 32, height: 32, data: pixels }, metadataFor(32));
  assert.deepEqual((await readdir(dir)).sort(), ['face.png'], 'no temp files left behind');

  const meta = await readFaceMetadata(path);
  assert.equal(meta?.source.file, 'clip-é.mp4');
  assert.deepEqual(meta?.landmarks[67], [17, 14]);
  const raw = await sharp(path).raw().toBuffer();
  assert.deepEqual(new Uint8Array(raw), pixels);

  const face = await readFaceFile(path, 32, 1);
  assert.deepEqual(face.landmarks?.[0], [10, 8]);
  assert.equal((face.metadata as FaceMetadata).box[2], 120);
});

test('updateFaceMetadata adds a mask without touching the pixel data', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-facew-'));
  const path = join(dir, 'face.png');
  await writeFaceFile(path, { width: 16, height: 16, data: gradientPixels(16) }, metadataFor(16));
  const before = await readFile(path);
  const mask = createImage(8, 8, 1);
  for (let i = 0; i < 64; i++) mask.data[i] = i % 8 < 4 ? 1 : 0.5;
  await updateFaceMetadata(path, (m) => ({ ...m, masks: { ...m.masks, test: encodeStoredMask(mask) } }));
  const after = await readFile(path);
  const idat = (png: Buffer) => png.subarray(png.indexOf('IDAT') - 4);
  assert.ok(idat(before).equals(idat(after)), 'image data bytes unchanged');
  const stored = (await readFaceMetadata(path))!.masks.test!;
  const decoded = decodeStoredMask(stored);
  assert.equal(decoded.width, 8);
  assert.ok(Math.abs(decoded.data[5]! - 128 / 255) < 1e-6 && decoded.data[0] === 1);
});

test('bad input: a non-PNG, a truncated PNG and a face without metadata give DataErrors naming the file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-facew-'));
  assert.throws(() => readPngText(Buffer.from('not a png at all'), 'x', 'a.png'), (e: unknown) => e instanceof DataError && /a\.png: not a PNG/.test(e.message));
  const png = await sharp(Buffer.from(gradientPixels(8)), { raw: { width: 8, height: 8, channels: 3 } }).png().toBuffer();
  assert.throws(() => readPngText(png.subarray(0, png.length - 20), 'x', 'b.png'), /b\.png: truncated PNG/);
  const plain = join(dir, 'plain.png');
  await sharp(png).toFile(plain);
  assert.equal(await readFaceMetadata(plain), undefined);
  await assert.rejects(updateFaceMetadata(plain, (m) => m), (e: unknown) => e instanceof DataError && e.message.includes('plain.png: not an extracted face'));
  // writePngText replaces rather than duplicates a chunk.
  const twice = writePngText(writePngText(png, 'k', 'one'), 'k', 'two');
  assert.equal(readPngText(twice, 'k'), 'two');
  assert.equal(twice.toString('latin1').split('tEXtk').length - 1, 1);
});
