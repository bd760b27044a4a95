import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareSampleFaces, tf } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { loadSrPairs } from '../data/sr-images.js';
import { srganValues } from '../srgan-config.js';
import { readModelState, DISCRIMINATOR_FILE } from '../model/sr-model-folder.js';
import { readWeights } from '../model/layer-weights.js';
import { contentLossFor } from './content-loss-for.js';
import { splitValidation, trainSr, type SrStepReport } from './train-sr.js';

await selectBackend({ log: () => undefined });

const faces = await prepareSampleFaces({ outDir: join(tmpdir(), 'faceforge-test-faces-srgan-128'), perSide: 4, size: 128 });
const { train, validation } = splitValidation([...(await loadSrPairs(faces.a)), ...(await loadSrPairs(faces.b))], 1);

test('GAN stage after a pretrain: a few steps on 32 px crops with the face-recognition content loss: finite, both losses move, checkpoints', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-srgan-gan-'));
  // 2 blocks × 8 filters; the rates drop after GAN step 3 (gan_decay_step), as the reference's PiecewiseConstantDecay
  const values = srganValues({ residual_blocks: 2, filters: 8, hr_crop: 32, batch_size: 2, learning_rate: 0.001, gan_decay_step: 3, validation_interval: 3, keep_best: 2 });
  await trainSr({ modelDir: dir, pairs: train, validation, values, stage: 'pretrain', seed: 3, steps: 3 });
  const contentLoss = await contentLossFor(tf, values);
  assert.equal(contentLoss.name, 'face-recognition', 'no vgg19_weights: the face-api recognition features');
  const steps: SrStepReport[] = [];
  const tensors = tf.memory().numTensors;
  const result = await trainSr({ modelDir: dir, pairs: train, validation, values, stage: 'gan', seed: 3, steps: 5, contentLoss, onStep: (s) => steps.push(s) });
  assert.equal(tf.memory().numTensors, tensors, 'no tensor is left behind by the GAN steps');
  contentLoss.dispose();
  assert.equal(result.steps, 5);
  for (const s of steps) {
    assert.deepEqual(Object.keys(s.losses).sort(), ['adversarial', 'content', 'discriminator', 'perceptual']);
    for (const [k, v] of Object.entries(s.losses)) assert.ok(Number.isFinite(v), `step ${s.step} ${k} ${v}`);
    assert.ok(Math.abs(s.losses.perceptual! - (s.losses.content! + 0.001 * s.losses.adversarial!)) < 1e-4 * Math.max(1, s.losses.perceptual!));
  }
  const first = steps[0]!.losses;
  const last = steps.at(-1)!.losses;
  assert.notEqual(first.content, last.content, 'the generator\'s content loss moves');
  assert.notEqual(first.discriminator, last.discriminator, 'the discriminator loss moves');
  assert.ok(first.discriminator! > 0.5 && first.discriminator! < 3, `an untrained discriminator scores about 2·ln 2: ${first.discriminator}`);

  const state = (await readModelState(dir))!;
  assert.deepEqual(state.steps, { pretrain: 3, gan: 5 });
  assert.ok(state.best.gan.length >= 1 && state.best.gan.length <= 2);
  assert.equal(state.best.pretrain.length, 1, 'the pretrained best list is kept');
  assert.ok((await readdir(join(dir, 'best'))).some((f) => f.startsWith('gan-')));
  assert.equal((await readWeights(join(dir, DISCRIMINATOR_FILE))).meta.step, 5);
  assert.ok(Number.isFinite(result.psnr));
});
