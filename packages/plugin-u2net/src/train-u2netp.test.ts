import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFaceFiles, prepareSampleFaces, readFaceFile, type Image, type MaskTrainingPair, type MaskTrainingStep, type OptimizerSettings } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { Adam } from '@faceforge/plugin-optimizers';
import { trainU2NetP } from './train-u2netp.js';

const createAdam = (settings: OptimizerSettings) => new Adam(settings);
import { U2NetPredictor } from './u2netp-predictor.js';
import { readU2NetWeights } from './u2net-weights.js';

await selectBackend({ requested: 'wasm', log: () => undefined });

const SIZE = 64;

/** A face-shaped target: an upright ellipse over the middle of the crop. */
function ellipseMask(size: number): Image {
  const data = new Float32Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data[y * size + x] = ((x - size / 2) / (0.3 * size)) ** 2 + ((y - size * 0.55) / (0.4 * size)) ** 2 <= 1 ? 1 : 0;
  return { width: size, height: size, channels: 1, data };
}

async function realPairs(count: number): Promise<MaskTrainingPair[]> {
  const faces = await prepareSampleFaces({ outDir: join(tmpdir(), 'faceforge-test-faces-30'), perSide: 30, size: 64 });
  const files = (await listFaceFiles(faces.a)).slice(0, count);
  return Promise.all(files.map(async (path) => ({ path, face: (await readFaceFile(path, SIZE, 1)).image, mask: ellipseMask(SIZE) })));
}

test('a few u2netp training steps on real faces lower the loss; the weights save atomically and training continues them', async () => {
  const pairs = await realPairs(8);
  const dir = await mkdtemp(join(tmpdir(), 'ff-u2net-'));
  const output = join(dir, 'u2netp.weights');
  const steps: MaskTrainingStep[] = [];
  const saves: number[] = [];
  const config = { input_size: SIZE, batch_size: 4, learning_rate: 0.001 };
  const first = await trainU2NetP({ pairs, output, iterations: 6, config, seed: 3, saveInterval: 3, onStep: (s) => steps.push(s), onSave: (s) => saves.push(s.iteration) }, createAdam);
  assert.equal(first.totalIterations, 6);
  assert.deepEqual(saves, [3, 6]);
  const losses = steps.map((s) => s.loss);
  assert.ok(losses.every(Number.isFinite));
  assert.ok(losses[0]! > 4, `starts near 7·ln 2 ≈ 4.85, got ${losses[0]}`);
  assert.ok(losses.at(-1)! < 0.75 * losses[0]!, `loss ${losses.map((l) => l.toFixed(3)).join(' → ')}`);
  assert.ok(steps.every((s) => s.details.fused! > 0 && s.details.fused! < s.loss), 'the fused term is one of the seven');
  assert.deepEqual(await readdir(dir), ['u2netp.weights'], 'no temp files left');

  const saved = await readU2NetWeights(output);
  assert.equal(saved.meta.iterations, 6);
  assert.equal(saved.meta.inputSize, SIZE);
  assert.equal(saved.meta.optimizer?.step, 6);
  assert.ok(Object.keys(saved.optimizerSlots).includes('stage1.rebnconvin.conv_s1.weight/m'));

  const more: MaskTrainingStep[] = [];
  const second = await trainU2NetP({ pairs, output, iterations: 2, config, seed: 3, saveInterval: 100, onStep: (s) => more.push(s) }, createAdam);
  assert.equal(second.totalIterations, 8);
  assert.deepEqual(more.map((s) => s.iteration), [7, 8]);
  assert.ok(more[0]!.loss < losses[0]!, 'continued from the saved weights, not from scratch');
  assert.equal((await readU2NetWeights(output)).meta.optimizer?.step, 8);

  const predictor = await U2NetPredictor.open(output, {});
  assert.equal(predictor.inputSize, SIZE);
  const masks = await predictor.predict(pairs.slice(0, 3).map((p) => p.face));
  assert.equal(masks.length, 3);
  for (const mask of masks) {
    assert.deepEqual([mask.width, mask.height, mask.channels], [SIZE, SIZE, 1]);
    assert.ok(mask.data.every((v) => v >= 0 && v <= 1));
  }
  predictor.dispose();
});

test('a run that cannot fit the wasm heap is refused before it starts, with what to change', async () => {
  const pairs = await realPairs(2);
  const big = pairs.map((p) => ({ ...p, face: { ...p.face, width: 320, height: 320, data: new Float32Array(320 * 320 * 3) } }));
  await assert.rejects(
    trainU2NetP({ pairs: big, output: join(tmpdir(), 'never.weights'), iterations: 1, config: { batch_size: 2 }, seed: 1, saveInterval: 1 }, createAdam),
    /320 px with batch 2 needs about 8\.4 GB, more than the wasm backend's 4 GB heap: lower input_size or batch_size/,
  );
});

test('bad weights files fail with the file named', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-u2net-'));
  await assert.rejects(U2NetPredictor.open(join(dir, 'missing.weights'), {}), /missing\.weights: cannot read/);
});
