/**
 * testModelPlugin: builds a model through a forge holding the plugin, counts its parameters, trains
 * it a few steps on the shipped faces with core's trainer and checks the loss falls, and checks its
 * parts survive a save to weights files and a load into a fresh build.
 */
import { describe, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../tf.js';
import type { Forge } from '../forge.js';
import type { FaceforgePlugin } from '../plugin/plugin.js';
import type { ConfigValues } from '../config/ini-file.js';
import { defaultValues } from '../config/ini-file.js';
import { resolveSection } from '../config/validate.js';
import { buildModel } from '../model/build-model.js';
import { countParameters, type FaceSwapModel, type Side } from '../model/face-swap-model.js';
import { encodePart, loadPartWeights, partFile } from '../model/model-files.js';
import { train } from '../train/trainer.js';
import type { AugmentFlags } from '../train/training-types.js';
import { harnessBackend, harnessForge, trainingPlugins } from './host.js';
import { loadTestingFaces, testingFaces } from './faces.js';
import { maxAbsDifference, mean, outOfRange } from './checks.js';

export interface ModelPluginTestOptions {
  /** The registered model name (`-t NAME`). */
  model: string;
  /** Values for the model's own section [model.NAME] (defaults from its schema for the rest). */
  config?: Record<string, unknown>;
  /** Values for other sections, e.g. `{ 'global.optimizer': { learning_rate: 5e-4 } }`. */
  sections?: ConfigValues;
  /** Total parameters, or parameters per part (every part named). */
  expectedParameters?: number | Record<string, number>;
  /** Faces per side per step (default 4). */
  batchSize?: number;
  /** Training steps (default 10). */
  steps?: number;
  /** Seed of the build and the training run (default 1). */
  seed?: number;
  /**
   * How far the loss must fall: the mean of the last quarter of the steps (at least 2) must be below
   * the first step's loss × (1 − minDrop). Default 0.05.
   */
  minDrop?: number;
  /** Augmentation during the training steps (default all off, so the steps see the faces as they are). */
  flags?: Partial<AugmentFlags>;
  /** Plugins applied with it; a loss and an optimizer plugin are added from @faceforge/plugin-losses and -optimizers unless given. */
  plugins?: FaceforgePlugin[];
  /** tfjs backend (default FACEFORGE_BACKEND, else the first that works here). */
  backend?: string;
  /** Per-test timeout in ms (default 10 minutes). */
  timeout?: number;
}

const NO_AUGMENTATION: AugmentFlags = { flip: false, warp: false, augmentColor: false, warpToLandmarks: false };

/** Registers node:test tests for one model of a model plugin. */
export function testModelPlugin(plugin: FaceforgePlugin, options: ModelPluginTestOptions): void {
  const name = options.model;
  const seed = options.seed ?? 1;
  const steps = options.steps ?? 10;
  const batchSize = options.batchSize ?? 4;
  const minDrop = options.minDrop ?? 0.05;
  const timeout = options.timeout ?? 10 * 60 * 1000;
  let extra: FaceforgePlugin[] = [];

  /** A fresh forge per test: training taps its hooks. */
  const forge = (): Forge => harnessForge([plugin, ...(options.plugins ?? []), ...extra]);
  const runConfig = (host: Forge): ConfigValues => {
    const sections = host.sectionsFor(name);
    const defaults = defaultValues(sections);
    const given: ConfigValues = { ...options.sections, [`model.${name}`]: { ...options.sections?.[`model.${name}`], ...options.config } };
    for (const id of Object.keys(given)) {
      if (!sections.some((s) => s.id === id) && Object.keys(given[id]!).length) {
        throw new Error(`testModelPlugin: no plugin in the harness owns section [${id}] (sections: ${sections.map((s) => s.id).join(', ')})`);
      }
    }
    return Object.fromEntries(sections.map((s) => [s.id, resolveSection(s, { ...defaults[s.id], ...given[s.id] }, { file: 'testModelPlugin options' })])) as ConfigValues;
  };
  const build = (host: Forge, buildSeed: number): FaceSwapModel => buildModel(host, name, runConfig(host), buildSeed, true);
  const dispose = (model: FaceSwapModel) => {
    for (const part of Object.values(model.parts)) part.dispose();
  };

  describe(`model plugin '${plugin.meta.name}': model '${name}'`, () => {
    before(async () => {
      await harnessBackend(options.backend);
      const given = new Set([plugin, ...(options.plugins ?? [])].map((p) => p.meta.name));
      extra = await trainingPlugins(given);
      assert.ok(forge().models.has(name), `plugin '${plugin.meta.name}' registers no model '${name}'`);
    });

    const expected = options.expectedParameters;
    test(`builds: parts, parameter counts${expected === undefined ? '' : ' as expected'}, forward output shapes and range`, { timeout }, (t) => {
      const model = build(forge(), seed);
      try {
        const parts = Object.keys(model.parts);
        assert.ok(parts.length > 0, 'the model has no parts');
        const counts = Object.fromEntries(parts.map((part) => [part, countParameters(model.parts[part]!)]));
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        t.diagnostic(`parameters: ${parts.map((p) => `${p} ${counts[p]!.toLocaleString('en-US')}`).join(', ')}; total ${total.toLocaleString('en-US')}`);
        if (typeof expected === 'number') assert.equal(total, expected, 'total parameters');
        else if (expected) assert.deepEqual(counts, expected, 'parameters per part');
        for (const shared of model.sharedParts) assert.ok(parts.includes(shared), `sharedParts names '${shared}', which is not a part`);
        const before = tf.memory().numTensors;
        tf.tidy(() => {
          const input = tf.randomUniform([2, model.inputSize, model.inputSize, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
          for (const side of ['a', 'b'] as Side[]) {
            const out = model.forward(input, side);
            assert.deepEqual(out.face.shape, [2, model.outputSize, model.outputSize, 3], `decoder ${side}: face output shape`);
            const bad = outOfRange(out.face.dataSync());
            assert.equal(bad, undefined, `decoder ${side}: face output must be finite and in 0..1, found ${bad?.value} at ${bad?.index}`);
            if (model.learnMask) assert.deepEqual(out.mask?.shape, [2, model.outputSize, model.outputSize, 1], `decoder ${side}: mask output shape (learnMask)`);
          }
        });
        assert.equal(tf.memory().numTensors, before, 'forward leaked tensors outside tf.tidy');
      } finally {
        dispose(model);
      }
    });

    test(`trains ${steps} steps (batch ${batchSize}, seed ${seed}) on the shipped faces and the loss goes down`, { timeout }, async (t) => {
      const host = forge();
      const losses: number[] = [];
      host.hooks.afterStep.tap('testModelPlugin', (step) => losses.push(step.lossA + step.lossB));
      let parts: string[] = [];
      host.hooks.afterTrain.tap('testModelPlugin', (run) => {
        parts = Object.keys(run.model.parts);
      });
      const modelDir = await mkdtemp(join(tmpdir(), 'faceforge-harness-'));
      try {
        const faces = testingFaces();
        await train(host, {
          modelDir, inputA: faces.a, inputB: faces.b, modelName: name, batchSize, iterations: steps, saveInterval: steps,
          snapshotInterval: 0, config: runConfig(host), seed, preview: false, flags: { ...NO_AUGMENTATION, ...options.flags },
        });
        t.diagnostic(`loss (A + B) per step: ${losses.map((l) => l.toFixed(5)).join(', ')}`);
        assert.equal(losses.length, steps, 'one loss per step');
        assert.ok(losses.every(Number.isFinite), `every loss finite: ${losses.join(', ')}`);
        const window = Math.max(2, Math.ceil(steps / 4));
        const last = mean(losses.slice(-window));
        const limit = losses[0]! * (1 - minDrop);
        assert.ok(last < limit, `the mean loss of the last ${window} steps (${last.toFixed(5)}) must be below the first step's ${losses[0]!.toFixed(5)} × ${1 - minDrop} = ${limit.toFixed(5)}`);
        const files = await readdir(modelDir);
        assert.ok(parts.length > 0, 'afterTrain saw the trained model');
        for (const part of parts) assert.ok(files.includes(partFile(part)), `training saved ${partFile(part)}`);
      } finally {
        await rm(modelDir, { recursive: true, force: true });
      }
    });

    test('weights round-trip: parts saved as weights files load into a fresh build, which then gives identical output', { timeout }, async () => {
      const host = forge();
      const saved = build(host, seed);
      const fresh = build(host, seed + 1);
      const dir = await mkdtemp(join(tmpdir(), 'faceforge-harness-weights-'));
      try {
        const faces = await loadTestingFaces('a', { size: saved.inputSize, count: 2 });
        const input = tf.tensor4d(Float32Array.from(faces.flatMap((f) => Array.from(f.image.data))), [faces.length, saved.inputSize, saved.inputSize, 3]);
        const outputs = (model: FaceSwapModel) => (['a', 'b'] as Side[]).map((side) => tf.tidy(() => {
          const out = model.forward(input, side);
          return Float32Array.from([...out.face.dataSync(), ...(out.mask?.dataSync() ?? [])]);
        }));
        const expectedOut = outputs(saved);
        assert.ok(outputs(fresh).some((o, i) => maxAbsDifference(o, expectedOut[i]!) > 0), `a build with seed ${seed + 1} gives the same output as seed ${seed} before loading: the round-trip would prove nothing (is the build seeded?)`);
        for (const [part, layers] of Object.entries(saved.parts)) {
          const file = join(dir, partFile(part));
          await writeFile(file, await encodePart(part, layers));
          const target = fresh.parts[part];
          assert.ok(target, `the fresh build has no part '${part}'`);
          assert.equal(loadPartWeights(target, await readFile(file), file), layers.weights.length, `every weight of ${part} loaded`);
        }
        const loadedOut = outputs(fresh);
        for (const [i, side] of (['a', 'b'] as Side[]).entries()) {
          assert.equal(maxAbsDifference(loadedOut[i]!, expectedOut[i]!), 0, `decoder ${side}: output after the load differs from the saved model's`);
        }
        input.dispose();
      } finally {
        dispose(saved);
        dispose(fresh);
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
