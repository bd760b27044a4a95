/** `faceforge sr train|eval|upscale` as a user runs them, on the sample faces with a tiny [upscaler.srgan]. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { runFaceforge, sampleFaces, tempDir } from './support.js';

const faces = await sampleFaces();
const work = await tempDir('ff-sr-cli-');
const ini = join(work, 'sr.ini');
await writeFile(ini, '[upscaler.srgan]\nresidual_blocks = 2\nfilters = 8\nhr_crop = 32\nbatch_size = 4\nlearning_rate = 0.002\nvalidation_interval = 3\nvalidation_images = 2\n');
const model = join(work, 'sr-model');

test('sr train makes a model folder, continues it, fine-tunes it as a GAN; sr eval scores it next to bicubic; sr upscale writes x4 PNGs', async () => {
  const first = await runFaceforge(['sr', 'train', '-i', faces.a, '-m', model, '-c', ini, '--steps', '4', '--seed', '1']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /28 training and 2 validation images/);
  assert.match(first.stdout, /pretrain: 4 steps this session \(4 in all\), stopped by steps; validation PSNR \d+\.\d\d dB/);
  const again = await runFaceforge(['sr', 'train', '-i', faces.a, '-m', model, '-c', ini, '--steps', '2']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /2 steps this session \(6 in all\)/);
  const gan = await runFaceforge(['sr', 'train', '-i', faces.a, '-m', model, '-c', ini, '--stage', 'gan', '--steps', '2']);
  assert.equal(gan.code, 0, gan.stderr);
  assert.match(gan.stdout, /content loss: .*recogni/i);
  assert.match(gan.stdout, /gan: 2 steps this session \(2 in all\)/);
  const state = JSON.parse(await readFile(join(model, 'state.json'), 'utf8'));
  assert.deepEqual(state.steps, { pretrain: 6, gan: 2 });

  const scored = await runFaceforge(['sr', 'eval', '-i', faces.b, '-m', model]);
  assert.equal(scored.code, 0, scored.stderr);
  const line = (name: string) => scored.stdout.match(new RegExp(`${name}\\s+PSNR (\\d+\\.\\d\\d) dB  SSIM (0\\.\\d{4})  (\\d+\\.\\d) images/s`));
  const bicubic = line('bicubic');
  const ours = line('srgan');
  assert.ok(bicubic && ours, scored.stdout);
  assert.ok(Number(bicubic[1]) > 20 && Number(bicubic[2]) > 0.5, 'bicubic on 64 px faces');
  assert.match(scored.stdout, /30 images; generator .*best\/gan-\d{7}\.weights \(gan step \d\)/, 'the best of the last stage trained');

  const out = join(work, 'one.png');
  const one = await runFaceforge(['sr', 'upscale', '-i', join(faces.b, (await readdir(faces.b)).find((n) => n.endsWith('.png'))!), '-m', model, '-o', out]);
  assert.equal(one.code, 0, one.stderr);
  const meta = await sharp(out).metadata();
  assert.deepEqual([meta.width, meta.height], [256, 256]);
  const folder = join(work, 'x4');
  const many = await runFaceforge(['sr', 'upscale', '-i', faces.a, '-m', model, '-o', folder, '--checkpoint', 'latest']);
  assert.equal(many.code, 0, many.stderr);
  assert.equal((await readdir(folder)).filter((n) => n.endsWith('.png')).length, 30);
});

test('sr: a folder without images and a model folder that is not one are refused by name', async () => {
  const empty = await tempDir('ff-sr-cli-empty-');
  const train = await runFaceforge(['sr', 'train', '-i', empty, '-m', join(work, 'never'), '-c', ini, '--steps', '1']);
  assert.notEqual(train.code, 0);
  assert.match(train.stderr, new RegExp(`${empty}: no images found`));
  const scored = await runFaceforge(['sr', 'eval', '-i', faces.b, '-m', empty]);
  assert.notEqual(scored.code, 0);
  assert.match(scored.stderr, /no SR model here \(no state\.json\)/);
});
