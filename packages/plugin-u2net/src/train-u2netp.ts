/**
 * Training u2netp on (face, mask) pairs: the reference recipe (peers.md §4): Adam (lr 1e-3,
 * β 0.9/0.999, ε 1e-8), the sum of the seven side-output BCE losses, random flips; batch norm in
 * training mode with its running averages moved after each step. Batches walk a seeded
 * permutation of the pairs, epoch after epoch. Weights (with the optimizer state) are saved
 * atomically every `saveInterval` iterations and at the end; an existing file is continued.
 */
import { access } from 'node:fs/promises';
import { totalmem } from 'node:os';
import {
  ConfigError, NonFiniteLossError, Rng, tf, type MaskTrainingOptions, type MaskTrainingResult, type Optimizer, type OptimizerSettings,
} from '@faceforge/core';
import { U2NetP } from './u2netp.js';
import { sideOutputLoss } from './side-output-loss.js';
import { updateRunningStatistics, type ForwardMode } from './rebnconv.js';
import { imagesToTensor } from './face-batch.js';
import { u2netSettings } from './u2net-config.js';
import { optimizerStateFor, readU2NetWeights, saveU2NetWeights } from './u2net-weights.js';

/** Pair indices of a (1-based) iteration's batch: consecutive slices of per-epoch permutations. */
export function batchIndices(count: number, batchSize: number, seed: number, iteration: number): number[] {
  const indices: number[] = [];
  for (let k = 0; k < batchSize; k++) {
    const position = (iteration - 1) * batchSize + k;
    const epoch = Math.floor(position / count);
    indices.push(Rng.for(seed, 'u2netp-epoch', epoch).permutation(count)[position % count]!);
  }
  return indices;
}

/** Measured: a training step keeps about 41 kB per example pixel alive (activations for the gradients). */
const TRAINING_BYTES_PER_PIXEL = 41_000;
/**
 * What a training run may use: the wasm heap cannot grow past 4 GiB; the cpu-based backends keep
 * tensors in ordinary memory; libtensorflow (tensorflow backend) manages its own.
 */
function trainingMemoryBudget(backend: string): { bytes: number; what: string } | undefined {
  if (backend === 'wasm') return { bytes: 3.8e9, what: "the wasm backend's 4 GB heap" };
  if (backend === 'native' || backend === 'cpu') return { bytes: 0.8 * totalmem(), what: `80 % of this machine's ${(totalmem() / 1e9).toFixed(0)} GB` };
  return undefined;
}

/** Refuses, before any work, a run that would run out of memory part-way through. */
function checkTrainingMemory(size: number, batchSize: number): void {
  const budget = trainingMemoryBudget(tf.getBackend());
  const bytes = TRAINING_BYTES_PER_PIXEL * size * size * batchSize;
  if (!budget || bytes <= budget.bytes) return;
  throw new ConfigError(
    `u2netp training at ${size} px with batch ${batchSize} needs about ${(bytes / 1e9).toFixed(1)} GB, more than ${budget.what}: ` +
      'lower input_size or batch_size (--size, --batch-size), or train on a GPU (tfjs-node-gpu)',
  );
}

/** `createAdam` comes from the optimizer registry: the plugin uses the Adam every model trains with. */
export async function trainU2NetP(options: MaskTrainingOptions, createAdam: (settings: OptimizerSettings) => Optimizer): Promise<MaskTrainingResult> {
  const settings = u2netSettings(options.config);
  if (options.pairs.length === 0) throw new Error('u2netp: no (face, mask) pairs to train on');
  const size = options.pairs[0]!.face.width;
  const batchSize = Math.min(settings.batchSize, options.pairs.length);
  checkTrainingMemory(size, batchSize);
  const net = new U2NetP(options.seed);
  const optimizer = createAdam({ learningRate: settings.learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  try {
    let done = 0;
    const exists = await access(options.output).then(() => true, () => false);
    if (exists) {
      const saved = await readU2NetWeights(options.output);
      net.store.load(saved.tensors, options.output);
      const state = optimizerStateFor(net.store, saved);
      if (state) optimizer.setState(state);
      done = saved.meta.iterations;
    }
    const variables = [...net.store.trainable.values()];
    const save = async (iteration: number) => {
      await saveU2NetWeights(options.output, net.store, { kind: 'u2netp-mask', inputSize: size, iterations: iteration }, await optimizer.getState());
      options.onSave?.({ iteration, path: options.output });
    };

    let firstLoss = NaN;
    let lastLoss = NaN;
    let run = 0;
    let lastSaved = done;
    while (run < options.iterations && !options.signal?.aborted) {
      const iteration = done + run + 1;
      const started = performance.now();
      const indices = batchIndices(options.pairs.length, batchSize, options.seed, iteration);
      const flipRng = Rng.for(options.seed, 'u2netp-flip', iteration);
      const mirror = indices.map(() => settings.flip && flipRng.chance(0.5));
      const faces = imagesToTensor(indices.map((i) => options.pairs[i]!.face), mirror);
      const masks = imagesToTensor(indices.map((i) => options.pairs[i]!.mask), mirror);
      const input = U2NetP.normaliseInput(faces);
      const mode: ForwardMode = { training: true, observed: [] };
      let fused: tf.Scalar | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const loss = sideOutputLoss(net.forward(input, mode), masks);
        fused = tf.keep(loss.fused);
        return loss.total;
      }, variables);
      const [loss, fusedLoss] = [(await value.data())[0]!, (await fused!.data())[0]!];
      if (!Number.isFinite(loss)) {
        tf.dispose([value, fused!, faces, masks, input, ...Object.values(grads), ...mode.observed.flatMap((o) => [o.mean, o.variance])]);
        throw new NonFiniteLossError(`u2netp: the loss became ${loss} at iteration ${iteration}; the last save in ${options.output} is intact`, iteration, { total: loss, fused: fusedLoss });
      }
      optimizer.applyGradients(variables, grads);
      updateRunningStatistics(mode.observed);
      tf.dispose([value, fused!, faces, masks, input, ...Object.values(grads)]);

      run++;
      if (run === 1) firstLoss = loss;
      lastLoss = loss;
      options.onStep?.({ iteration, loss, details: { fused: fusedLoss }, examplesPerSecond: batchSize / ((performance.now() - started) / 1000) });
      if (iteration % options.saveInterval === 0) {
        await save(iteration);
        lastSaved = iteration;
      }
      // let signals and timers run between steps
      await new Promise((resolve) => setImmediate(resolve));
    }
    const total = done + run;
    // a run stopped before its first step still leaves a weights file to continue from
    if (total !== lastSaved || (!exists && run === 0)) await save(total);
    return { path: options.output, iterations: run, totalIterations: total, firstLoss, lastLoss };
  } finally {
    optimizer.dispose();
    net.dispose();
  }
}
