/**
 * `faceforge sr train`: one session of either stage, as the reference trains (peers.md §3.3):
 * - pretrain: the generator alone, MSE, Adam 1e-4 (β 0.9/0.999, ε 1e-7, Keras's defaults);
 * - gan: generator initialised from the best pretrained checkpoint, content loss + 1e-3 × BCE
 *   adversarial against the discriminator, both Adam, learning rate piecewise 1e-4 → 1e-5, both
 *   updated every step (1:1).
 * Every `validation_interval` steps and at the end: validation PSNR, checkpoint (latest + the best
 * `keep_best` by PSNR of the stage) and preview. A session continues where the folder left off:
 * same network, same batches (seeded by step), the optimizers' state.
 */
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, NonFiniteLossError, tf, writeFileAtomic } from '@faceforge/core';
import { buildGenerator } from '../network/generator.js';
import { buildDiscriminator } from '../network/discriminator.js';
import { cropBatch, type CropBatch } from '../data/crop-batch.js';
import { SCALE, type SrPair } from '../data/sr-images.js';
import { blurValidationPairs } from '../data/blurred-reduction.js';
import type { SrganValues } from '../srgan-config.js';
import {
  DISCRIMINATOR_FILE, GENERATOR_FILE, PREVIEW_FILE, newModelState, rankCheckpoint, readModelState, removeCheckpoints, writeModelState,
  type SrModelState, type SrStage,
} from '../model/sr-model-folder.js';
import { modelTensors, optimizerTensors, readWeights, setModelWeights, setOptimizerState, writeWeights } from '../model/layer-weights.js';
import { previewStrip, validationPsnr } from './validation.js';
import { binaryCrossEntropy, meanSquaredError } from './losses.js';

/** What the GAN stage needs of a content loss (`createContentLoss` in ./content gives one). */
export interface SrContentLoss {
  readonly name: string;
  readonly description: string;
  loss(sr: tf.Tensor4D, hr: tf.Tensor4D): tf.Scalar;
}

export interface SrStepReport {
  stage: SrStage;
  step: number;
  /** The stage's total, from the config. */
  totalSteps: number;
  losses: Record<string, number>;
  examplesPerSecond: number;
}

export interface SrValidationReport {
  stage: SrStage;
  step: number;
  psnr: number;
  /** It made the stage's best list. */
  best: boolean;
}

export interface SrTrainOptions {
  modelDir: string;
  pairs: readonly SrPair[];
  validation: readonly SrPair[];
  values: SrganValues;
  stage: SrStage;
  /** Initial weights and, for a new folder, the batches' seed (kept in state.json). */
  seed: number;
  /** Most steps to run in this session. */
  steps?: number;
  /** Most minutes to run in this session. */
  minutes?: number;
  signal?: AbortSignal;
  /** The GAN stage's content loss. */
  contentLoss?: SrContentLoss;
  onStep?(report: SrStepReport): void;
  onValidation?(report: SrValidationReport): void;
  log?(line: string): void;
}

export interface SrTrainResult {
  stage: SrStage;
  /** Steps run in this session, and the stage's total now. */
  steps: number;
  totalSteps: number;
  firstLosses?: Record<string, number>;
  lastLosses?: Record<string, number>;
  psnr: number;
  bestPsnr: number;
  stoppedBy: 'steps' | 'minutes' | 'signal' | 'done';
}

type TrainingState = SrModelState & { seed: number };

const optimizerFile = (stage: SrStage, network: 'generator' | 'discriminator') => `${stage}-${network}-optimizer.weights`;

/** The reference's Adam: Keras defaults β 0.9/0.999, ε 1e-7. */
function adam(learningRate: number): tf.Optimizer {
  return tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
}

function learningRateAt(stage: SrStage, step: number, values: SrganValues): number {
  if (stage === 'pretrain') return values.learning_rate;
  return step <= values.gan_decay_step ? values.learning_rate : values.gan_learning_rate_after;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/** Opens (or starts) the folder's state; the network and crop size are locked at creation. */
async function openState(options: SrTrainOptions): Promise<TrainingState> {
  const { values } = options;
  const existing = (await readModelState(options.modelDir)) as TrainingState | undefined;
  if (!existing) return { ...newModelState({ residualBlocks: values.residual_blocks, filters: values.filters, globalSkip: values.global_skip }, values.hr_crop), seed: options.seed };
  const skip = (on: boolean | undefined) => (on ? ', bicubic skip' : '');
  const wanted = `${values.residual_blocks} blocks × ${values.filters} filters${skip(values.global_skip)}, ${values.hr_crop} px crops`;
  const locked = `${existing.network.residualBlocks} blocks × ${existing.network.filters} filters${skip(existing.network.globalSkip)}, ${existing.hrCrop} px crops`;
  if (wanted !== locked) options.log?.(`${options.modelDir}: continuing the model's own ${locked} (the config asks for ${wanted}, which only a new model folder can have)`);
  return existing;
}

function checkData(options: SrTrainOptions, hrCrop: number): void {
  if (options.validation.length === 0) throw new ConfigError('SR training needs at least one validation image');
  const small = options.pairs.find((p) => Math.min(p.hr.width, p.hr.height) < hrCrop);
  if (small) throw new ConfigError(`${small.name}: ${small.hr.width}×${small.hr.height} is smaller than the ${hrCrop} px training crop (hr_crop)`);
}

function batchTensors(batch: CropBatch): { lr: tf.Tensor4D; hr: tf.Tensor4D } {
  return {
    lr: tf.tensor4d(batch.lr, [batch.batchSize, batch.lrCrop, batch.lrCrop, 3]),
    hr: tf.tensor4d(batch.hr, [batch.batchSize, batch.hrCrop, batch.hrCrop, 3]),
  };
}

function variablesOf(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

interface Networks {
  generator: tf.LayersModel;
  generatorOptimizer: tf.Optimizer;
  discriminator?: tf.LayersModel;
  discriminatorOptimizer?: tf.Optimizer;
}

/** Builds the networks and loads what the folder holds for this stage. */
async function openNetworks(options: SrTrainOptions, state: TrainingState): Promise<Networks> {
  const { modelDir, stage, values } = options;
  const generator = buildGenerator(state.network, options.seed);
  const step = state.steps[stage];
  const latest = join(modelDir, GENERATOR_FILE);
  let start: string | undefined;
  if (stage === 'gan' && step === 0) {
    // the reference's SrganTrainer starts from pre_generator.h5, the best pretrained generator
    const best = state.best.pretrain[0];
    start = best ? join(modelDir, best.file) : (await exists(latest)) ? latest : undefined;
    if (!start) options.log?.(`${modelDir}: no pretrained generator: the GAN stage starts from random weights (run --stage pretrain first)`);
  } else if (step > 0 || state.steps.pretrain > 0) {
    start = latest;
  }
  if (start) setModelWeights(generator, (await readWeights(start)).tensors, start);
  const rate = learningRateAt(stage, step + 1, values);
  const generatorOptimizer = adam(rate);
  const generatorState = join(modelDir, optimizerFile(stage, 'generator'));
  if (step > 0 && (await exists(generatorState))) await setOptimizerState(generatorOptimizer, (await readWeights(generatorState)).tensors);
  if (stage === 'pretrain') return { generator, generatorOptimizer };

  const discriminator = buildDiscriminator(state.hrCrop, options.seed + 1);
  const discriminatorOptimizer = adam(rate);
  const saved = join(modelDir, DISCRIMINATOR_FILE);
  if (step > 0 && (await exists(saved))) {
    setModelWeights(discriminator, (await readWeights(saved)).tensors, saved);
    const optimizerState = join(modelDir, optimizerFile(stage, 'discriminator'));
    if (await exists(optimizerState)) await setOptimizerState(discriminatorOptimizer, (await readWeights(optimizerState)).tensors);
  }
  return { generator, generatorOptimizer, discriminator, discriminatorOptimizer };
}

/** One MSE step of the generator. */
function pretrainStep(networks: Networks, batch: CropBatch): Record<string, tf.Scalar> {
  return tf.tidy(() => {
    const { lr, hr } = batchTensors(batch);
    const mse = networks.generatorOptimizer.minimize(() => meanSquaredError(networks.generator.apply(lr, { training: true }) as tf.Tensor4D, hr), true, variablesOf(networks.generator))!;
    return { mse };
  });
}

/**
 * One GAN step, both networks on the same batch as the reference's two tapes: the generator on
 * content + w·BCE(1, D(SR)), the discriminator on BCE(1, D(HR)) + BCE(0, D(SR)).
 */
function ganStep(networks: Networks, batch: CropBatch, contentLoss: SrContentLoss, adversarialWeight: number): Record<string, tf.Scalar> {
  const discriminator = networks.discriminator!;
  let sr: tf.Tensor4D | undefined;
  const losses = tf.tidy(() => {
    const { lr, hr } = batchTensors(batch);
    let content: tf.Scalar | undefined;
    let adversarial: tf.Scalar | undefined;
    const perceptual = networks.generatorOptimizer.minimize(() => {
      sr = tf.keep(networks.generator.apply(lr, { training: true }) as tf.Tensor4D);
      content = tf.keep(contentLoss.loss(sr, hr));
      adversarial = tf.keep(binaryCrossEntropy(1, discriminator.apply(sr, { training: true }) as tf.Tensor));
      return tf.add(content, tf.mul(adversarial, adversarialWeight)) as tf.Scalar;
    }, true, variablesOf(networks.generator))!;
    // the discriminator's update only differentiates its own variables: SR is a constant to it
    const generated = sr!;
    const disc = networks.discriminatorOptimizer!.minimize(() => tf.add(
      binaryCrossEntropy(1, discriminator.apply(hr, { training: true }) as tf.Tensor),
      binaryCrossEntropy(0, discriminator.apply(generated, { training: true }) as tf.Tensor),
    ) as tf.Scalar, true, variablesOf(discriminator))!;
    return { perceptual, content: content!, adversarial: adversarial!, discriminator: disc };
  });
  sr?.dispose();
  return losses;
}

async function readLosses(tensors: Record<string, tf.Scalar>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, t] of Object.entries(tensors)) {
    out[name] = (await t.data())[0]!;
    t.dispose();
  }
  return out;
}

export async function trainSr(options: SrTrainOptions): Promise<SrTrainResult> {
  const { modelDir, stage, values } = options;
  if (stage === 'gan' && !options.contentLoss) throw new ConfigError('the GAN stage needs a content loss');
  const state = await openState(options);
  checkData(options, state.hrCrop);
  await mkdir(join(modelDir, 'best'), { recursive: true });
  const networks = await openNetworks(options, state);
  // validated on what it is trained for: with blur, LR images blurred as the training crops are
  const validation = blurValidationPairs(options.validation, values.blur);
  const totalSteps = stage === 'pretrain' ? values.pretrain_steps : values.gan_steps;
  const batchSize = Math.min(values.batch_size, 64);
  const started = Date.now();
  const sessionStart = state.steps[stage];
  let firstLosses: Record<string, number> | undefined;
  let lastLosses: Record<string, number> | undefined;
  const sums: Record<string, number> = {};
  let counted = 0;
  let psnr = NaN;
  let validatedAt = -1;

  const checkpoint = async () => {
    const step = state.steps[stage];
    psnr = validationPsnr(networks.generator, validation);
    const meta = { kind: 'srgan-generator', stage, step, psnr, network: state.network, scale: SCALE };
    const generatorTensors = await modelTensors(networks.generator);
    await writeWeights(join(modelDir, GENERATOR_FILE), meta, generatorTensors);
    await writeWeights(join(modelDir, optimizerFile(stage, 'generator')), { kind: 'adam', stage, step }, await optimizerTensors(networks.generatorOptimizer));
    if (networks.discriminator) {
      await writeWeights(join(modelDir, DISCRIMINATOR_FILE), { kind: 'srgan-discriminator', step, hrCrop: state.hrCrop }, await modelTensors(networks.discriminator));
      await writeWeights(join(modelDir, optimizerFile(stage, 'discriminator')), { kind: 'adam', stage, step }, await optimizerTensors(networks.discriminatorOptimizer!));
    }
    const ranked = rankCheckpoint(state, stage, step, psnr, values.keep_best);
    if (ranked.file) await writeWeights(join(modelDir, ranked.file), meta, generatorTensors);
    const losses = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / Math.max(1, counted)]));
    state.history.push({ stage, step, losses, psnr, time: new Date().toISOString() });
    for (const key of Object.keys(sums)) delete sums[key];
    counted = 0;
    await writeModelState(modelDir, state);
    await removeCheckpoints(modelDir, ranked.dropped);
    await writeFileAtomic(join(modelDir, PREVIEW_FILE), await previewStrip(networks.generator, validation));
    validatedAt = step;
    options.onValidation?.({ stage, step, psnr, best: ranked.file !== undefined });
  };

  let stoppedBy: SrTrainResult['stoppedBy'] = 'done';
  try {
    if (state.steps[stage] === 0 && state.history.length === 0) await writeModelState(modelDir, state);
    while (true) {
      if (state.steps[stage] >= totalSteps) { stoppedBy = 'done'; break; }
      if (options.steps !== undefined && state.steps[stage] - sessionStart >= options.steps) { stoppedBy = 'steps'; break; }
      if (options.minutes !== undefined && Date.now() - started >= options.minutes * 60_000) { stoppedBy = 'minutes'; break; }
      if (options.signal?.aborted) { stoppedBy = 'signal'; break; }
      const step = state.steps[stage] + 1;
      if (stage === 'gan' && step === values.gan_decay_step + 1) {
        // PiecewiseConstantDecay: a fresh Adam at the lower rate carrying the moments over
        for (const key of ['generatorOptimizer', 'discriminatorOptimizer'] as const) {
          const next = adam(values.gan_learning_rate_after);
          const weights = await networks[key]!.getWeights();
          await next.setWeights(weights);
          weights[0]?.tensor.dispose(); // the iteration scalar getWeights made
          networks[key]!.dispose();
          networks[key] = next;
        }
      }
      const stepStart = Date.now();
      const batch = cropBatch(options.pairs, { hrCrop: state.hrCrop, batchSize, augment: values.augment, seed: state.seed, step, blur: values.blur });
      const losses = await readLosses(stage === 'pretrain' ? pretrainStep(networks, batch) : ganStep(networks, batch, options.contentLoss!, values.adversarial_weight));
      const bad = Object.entries(losses).find(([, v]) => !Number.isFinite(v));
      if (bad) throw new NonFiniteLossError(`${modelDir}: the ${bad[0]} loss is ${bad[1]} at ${stage} step ${step}; the last checkpoint (step ${validatedAt > 0 ? validatedAt : state.steps[stage]}) is kept. Lower learning_rate and continue.`, step, losses);
      state.steps[stage] = step;
      firstLosses ??= losses;
      lastLosses = losses;
      for (const [k, v] of Object.entries(losses)) sums[k] = (sums[k] ?? 0) + v;
      counted++;
      options.onStep?.({ stage, step, totalSteps, losses, examplesPerSecond: (batchSize * 1000) / Math.max(1, Date.now() - stepStart) });
      if (step % values.validation_interval === 0) await checkpoint();
    }
    if (validatedAt !== state.steps[stage] && state.steps[stage] > sessionStart) await checkpoint();
    else if (Number.isNaN(psnr)) psnr = validationPsnr(networks.generator, validation);
  } finally {
    networks.generator.dispose();
    networks.discriminator?.dispose();
    networks.generatorOptimizer.dispose();
    networks.discriminatorOptimizer?.dispose();
  }
  const bestPsnr = state.best[stage][0]?.psnr ?? psnr;
  return { stage, steps: state.steps[stage] - sessionStart, totalSteps: state.steps[stage], firstLosses, lastLosses, psnr, bestPsnr, stoppedBy };
}

/** The validation images held out of a single input folder: `count` of them, evenly spread over the sorted names. */
export function splitValidation<T>(pairs: readonly T[], count: number): { train: T[]; validation: T[] } {
  if (pairs.length < 2) throw new ConfigError(`SR training needs at least 2 images (one to validate on), got ${pairs.length}`);
  const n = Math.min(count, Math.floor(pairs.length / 2));
  const picked = new Set(Array.from({ length: n }, (_, i) => Math.floor(((i + 0.5) * pairs.length) / n)));
  return { train: pairs.filter((_, i) => !picked.has(i)), validation: pairs.filter((_, i) => picked.has(i)) };
}

