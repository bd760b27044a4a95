import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { readState, train } from '@faceforge/core/train';
import { recordingLogger, sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

await useBackend();

test('the third-party tiny plugin is discovered from its linked folder and registered', async () => {
  const forge = await tinyForge();
  assert.ok(forge.models.has('tiny'));
  assert.equal(forge.models.owner('tiny'), 'tiny');
  assert.ok(forge.models.has('original'), 'the bundled Original plugin is found in node_modules');
  // the bundled u2net mask plugin is found too; its section sits with the model-independent ones
  assert.deepEqual(forge.sectionsFor('tiny').map((s) => s.id).sort(), ['global', 'global.loss', 'global.optimizer', 'mask.u2net', 'model.tiny', 'trainer.augmentation']);
});

test('a few hundred iterations on real faces lower the loss, save, preview and record sessions', async () => {
  const log = recordingLogger();
  const forge = await tinyForge(log);
  const faces = await sampleFaces();
  const dir = await tempDir();
  const losses: number[] = [];
  forge.hooks.afterStep.tap('test', (step) => losses.push(step.lossA + step.lossB));
  const options = tinyTrainOptions(forge, faces, dir, { iterations: 150, saveInterval: 50, batchSize: 8, preview: true });
  // faceswap's 5e-5 suits 80 M-parameter models; the tiny model learns at a larger step.
  options.config['global.optimizer'] = { ...options.config['global.optimizer'], learning_rate: 5e-4 };
  const result = await train(forge, options);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = mean(losses.slice(0, 20));
  const last = mean(losses.slice(-20));
  assert.equal(losses.length, 150);
  assert.ok(losses.every(Number.isFinite));
  assert.ok(last < first * 0.7, `loss should fall by 30 %: first 20 mean ${first.toFixed(4)}, last 20 mean ${last.toFixed(4)}`);

  const state = await readState(dir);
  assert.ok(state);
  assert.equal(state.iterations, 150);
  assert.equal(state.model, 'tiny');
  assert.equal(state.sessions.length, 1);
  assert.equal(state.sessions[0]!.batchSize, 8);
  assert.equal(state.sessions[0]!.iterations, 150);
  assert.ok(state.sessions[0]!.egPerSec > 0);
  assert.equal(state.lossHistory.length, 150);
  assert.equal(state.config['model.tiny']!.filters, 16);
  const files = await readdir(dir);
  for (const part of ['encoder', 'decoder_a', 'decoder_b']) assert.ok(files.includes(`${part}.weights`), `${part}.weights saved`);
  assert.ok(files.includes('optimizer.weights'));
  // the loss fell between saves, so a backup was written
  assert.ok(files.includes('encoder.weights.bk'), 'backup written at a new lowest loss');
  const previews = await readdir(join(dir, 'previews'));
  assert.deepEqual(previews.sort(), ['latest.png', 'preview_0000050.png', 'preview_0000100.png', 'preview_0000150.png']);
  const meta = await sharp(await readFile(join(dir, 'previews', 'latest.png'))).metadata();
  assert.ok((meta.width ?? 0) > 500 && (meta.height ?? 0) > 300, 'a preview a person can look at');
  assert.ok(result.previewPath?.endsWith('latest.png'));
});

test('a corrupt image is skipped with a warning naming it; too few faces is an error naming the folder', async () => {
  const { cp, writeFile, rm } = await import('node:fs/promises');
  const faces = await sampleFaces();
  const folder = await tempDir('ff-faces-');
  await cp(faces.a, folder, { recursive: true });
  await writeFile(join(folder, 'zz_corrupt.png'), Buffer.from('this is not a png at all'));
  const log = recordingLogger();
  const forge = await tinyForge(log);
  const dir = await tempDir();
  await train(forge, tinyTrainOptions(forge, { a: folder, b: faces.b }, dir, { iterations: 1, saveInterval: 1 }));
  assert.ok(log.warnings.some((w) => w.includes('zz_corrupt.png')), `warnings: ${log.warnings.join(' | ')}`);
  const names = (await readdir(folder)).filter((n) => n !== 'zz_corrupt.png').sort();
  for (const name of names.slice(0, 10)) await rm(join(folder, name));
  let built = 0;
  forge.hooks.buildModel.tap('count', (model) => { built++; return model; });
  await assert.rejects(
    train(forge, tinyTrainOptions(forge, { a: folder, b: faces.b }, await tempDir(), { iterations: 1 })),
    (error: Error) => error.message.includes(folder) && error.message.includes('21 face image(s)') && error.message.includes('at least 25'),
  );
  assert.equal(built, 0, 'refused before the model was built');
  // Enough files, but not enough that decode: found out while loading, naming the folder.
  await writeFile(join(folder, 'zz_corrupt_2.png'), 'x');
  for (let i = 0; i < 4; i++) await writeFile(join(folder, `zz_corrupt_${i + 3}.png`), 'x');
  await assert.rejects(
    train(forge, tinyTrainOptions(forge, { a: folder, b: faces.b }, await tempDir(), { iterations: 1 })),
    (error: Error) => error.message.includes(folder) && error.message.includes('20 usable') && error.message.includes('at least 25'),
  );
});
