import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { prepareSampleFaces } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { loadSrPairs } from '../data/sr-images.js';
import { srganValues } from '../srgan-config.js';
import { readModelState, GENERATOR_FILE, PREVIEW_FILE } from '../model/sr-model-folder.js';
import { readWeights } from '../model/layer-weights.js';
import { splitValidation, trainSr, type SrTrainOptions } from './train-sr.js';

await selectBackend({ requested: 'cpu', log: () => undefined });

const faces = await prepareSampleFaces({ outDir: join(tmpdir(), 'faceforge-test-faces-srgan-128'), perSide: 4, size: 128 });
const pairs = [...(await loadSrPairs(faces.a)), ...(await loadSrPairs(faces.b))];
const { train, validation } = splitValidation(pairs, 2);
/** Tiny: 2 blocks × 8 filters, 32 px crops, batch 4, a rate that moves in a few steps. */
const values = srganValues({ residual_blocks: 2, filters: 8, hr_crop: 32, batch_size: 4, learning_rate: 0.002, validation_interval: 4, keep_best: 2 });
const base = (modelDir: string): SrTrainOptions => ({ modelDir, pairs: train, validation, values, stage: 'pretrain', seed: 5 });

test('pretrain: MSE falls, checkpoints every validation_interval (latest + the 2 best by PSNR), preview strip LR | bicubic | SR | HR', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-srgan-pretrain-'));
  const validations: Array<{ step: number; psnr: number; best: boolean }> = [];
  const result = await trainSr({ ...base(dir), steps: 10, onValidation: (v) => validations.push(v) });
  assert.equal(result.steps, 10);
  assert.equal(result.stoppedBy, 'steps');
  assert.deepEqual(validations.map((v) => v.step), [4, 8, 10], 'every 4 steps and at the end');
  assert.ok(result.lastLosses!.mse! < result.firstLosses!.mse!, `MSE ${result.firstLosses!.mse} → ${result.lastLosses!.mse}`);
  const state = (await readModelState(dir))!;
  assert.equal(state.steps.pretrain, 10);
  assert.deepEqual(state.network, { residualBlocks: 2, filters: 8 });
  assert.equal(state.best.pretrain.length, 2);
  const sorted = [...validations].sort((a, b) => b.psnr - a.psnr).slice(0, 2);
  assert.deepEqual(state.best.pretrain.map((b) => b.step), sorted.map((v) => v.step), 'the best list holds the two highest PSNRs');
  assert.deepEqual((await readdir(join(dir, 'best'))).sort(), state.best.pretrain.map((b) => b.file.replace('best/', '')).sort(), 'dropped checkpoints are deleted');
  assert.ok(Number.isFinite(result.psnr) && result.psnr > 10);
  const latest = await readWeights(join(dir, GENERATOR_FILE));
  assert.equal(latest.meta.step, 10);
  const preview = await sharp(await readFile(join(dir, PREVIEW_FILE))).metadata();
  assert.deepEqual([preview.width, preview.height], [4 * 128, 2 * 128], 'two validation faces, four columns');
  assert.equal(state.history.length, 3);
});

test('pretrain: resuming after 6 steps gives the same generator as 10 steps in one go (weights, batch-norm statistics, Adam state)', async () => {
  const straight = await mkdtemp(join(tmpdir(), 'ff-srgan-straight-'));
  const resumed = await mkdtemp(join(tmpdir(), 'ff-srgan-resumed-'));
  await trainSr({ ...base(straight), steps: 10 });
  await trainSr({ ...base(resumed), steps: 6 });
  const second = await trainSr({ ...base(resumed), seed: 99, steps: 4 });
  assert.equal(second.totalSteps, 10);
  const a = (await readWeights(join(straight, GENERATOR_FILE))).tensors;
  const b = (await readWeights(join(resumed, GENERATOR_FILE))).tensors;
  assert.deepEqual([...a.keys()], [...b.keys()]);
  for (const [name, t] of a) assert.deepEqual(b.get(name)!.data, t.data, name);
});
