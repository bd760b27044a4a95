import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createImage, decodeStoredMask, describeOptions, encodeStoredMask, type Image } from '@faceforge/core';
import { readFaceMetadata, updateFaceMetadata } from '@faceforge/core/extract';
import { train } from '@faceforge/core/train';
import { extractedFaces, runFaceforge, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

await useBackend();

async function copyFaces(files: string[], dir: string, copies = 1): Promise<string[]> {
  const out: string[] = [];
  for (let c = 0; c < copies; c++) {
    for (const file of files) {
      const target = join(dir, copies > 1 ? `${c}_${basename(file)}` : basename(file));
      await copyFile(file, target);
      out.push(target);
    }
  }
  return out;
}

const idat = (png: Buffer) => png.subarray(png.indexOf('IDAT') - 4);

test('faceforge mask adds landmark masks that cover the landmarks, mask train lowers the u2netp loss, mask --type u2net stores its masks; pixels untouched', async () => {
  const dir = await tempDir('ff-mask-cli-');
  const paths = await copyFaces((await extractedFaces()).slice(0, 8), dir);
  const before = await readFile(paths[0]!);
  const ok = async (args: string[]) => {
    const run = await runFaceforge(args);
    assert.equal(run.code, 0, `faceforge ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
    return run;
  };

  const components = await ok(['mask', '-i', dir, '--type', 'components', '--storage-size', '64']);
  assert.match(components.stdout, /components masks: 8 added or updated, 0 already there, 0 failed, of 8 faces/);
  for (const path of paths) {
    const metadata = (await readFaceMetadata(path))!;
    const mask = decodeStoredMask(metadata.masks.components!, path);
    assert.equal(mask.width, 64);
    const scale = 64 / metadata.size;
    for (const [x, y] of metadata.landmarks.slice(17)) {
      assert.ok(mask.data[Math.round(y * scale) * 64 + Math.round(x * scale)]! > 0.5, `${basename(path)}: landmark (${x.toFixed(0)}, ${y.toFixed(0)}) outside the components mask`);
    }
  }

  const weights = join(dir, 'weights', 'u2netp.weights');
  const trained = await ok(['mask', 'train', '-i', dir, '-o', weights, '--masks-from', 'extended', '--size', '64', '-b', '4', '--iterations', '4', '--save-interval', '2', '--seed', '1']);
  assert.match(trained.stdout, /8 \(face, mask\) pairs at 64 px/);
  const [, first, last] = /loss ([\d.]+) → ([\d.]+)/.exec(trained.stdout)!;
  assert.ok(Number(last) < Number(first), `u2netp loss ${first} → ${last}`);
  assert.match(trained.stderr, /saved .*u2netp\.weights at iteration 2/);

  const predicted = await ok(['mask', '-i', dir, '--type', 'u2net', '--weights', weights]);
  assert.match(predicted.stdout, /u2net masks: 8 added or updated.* \([\d.]+ masks\/s\)/);
  const stored = (await readFaceMetadata(paths[3]!))!.masks.u2net!;
  const u2net = decodeStoredMask(stored);
  assert.equal(u2net.width, 128);
  assert.ok(u2net.data.every((v) => v >= 0 && v <= 1));
  assert.ok(idat(before).equals(idat(await readFile(paths[0]!))), 'the face pixels are byte for byte the same');

  const again = await ok(['mask', '-i', dir, '--type', 'u2net', '--weights', weights, '--missing-only']);
  assert.match(again.stdout, /0 added or updated, 8 already there/);

  await writeFile(join(dir, 'broken.png'), 'not a png');
  const withBad = await ok(['mask', '-i', dir, '--type', 'eye']);
  assert.match(withBad.stdout, /8 added or updated, 0 already there, 1 failed/);
  assert.match(withBad.stderr, /broken\.png/);
  const needsWeights = await runFaceforge(['mask', '-i', dir, '--type', 'u2net']);
  assert.notEqual(needsWeights.code, 0);
  assert.match(needsWeights.stderr, /--weights/);
});

test('a model trained with mask_type = u2net gets the u2net mask stored in its faces', async () => {
  const forge = await tinyForge();
  assert.ok(forge.masks.has('u2net'), 'the bundled u2net plugin is discovered');
  const maskType = describeOptions(forge.sectionsFor('tiny').find((s) => s.id === 'global.loss')!).find((o) => o.key === 'mask_type')!;
  assert.ok(maskType.choices!.includes('u2net') && !maskType.choices!.includes('eye'));

  const dir = await tempDir('ff-mask-train-');
  const paths = await copyFaces((await extractedFaces()).slice(0, 13), dir, 2);
  const modelDir = await tempDir('ff-mask-model-');
  const options = tinyTrainOptions(forge, { a: dir, b: dir }, modelDir, { iterations: 1 });
  options.config['global.loss'] = { ...options.config['global.loss'], mask_type: 'u2net' };
  await assert.rejects(train(forge, options), /has no stored 'u2net' mask: add it with `faceforge mask/);

  // a distinctive stored mask: the image's left half
  const leftHalf: Image = createImage(128, 128, 1);
  for (let y = 0; y < 128; y++) for (let x = 0; x < 64; x++) leftHalf.data[y * 128 + x] = 1;
  for (const path of paths) await updateFaceMetadata(path, (m) => ({ ...m, masks: { ...m.masks, u2net: encodeStoredMask(leftHalf) } }));
  const seen: Image[] = [];
  forge.hooks.prepareBatch.tap({ name: 'test', stage: -1000 }, (sample) => {
    seen.push(sample.masks.face!);
    return sample;
  });
  await train(forge, { ...options, modelDir: await tempDir('ff-mask-model-') });
  assert.ok(seen.length > 0);
  const mask = seen[0]!;
  const mean = (x0: number, x1: number) => {
    let sum = 0;
    for (let y = 0; y < mask.height; y++) for (let x = x0; x < x1; x++) sum += mask.data[y * mask.width + x]!;
    return sum / (mask.height * (x1 - x0));
  };
  assert.ok(mean(0, Math.floor(mask.width * 0.4)) > 0.9 && mean(Math.ceil(mask.width * 0.6), mask.width) < 0.1, 'the stored mask, not a landmark mask');
});
