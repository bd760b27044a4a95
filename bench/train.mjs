// Training speed: runs the real trainer (data loading, augmentation, forward, loss, backward,
// optimizer) on the sample faces and reports examples per second (both sides, faceswap's EG/s)
// after a warm-up step, plus peak memory.
//   npm run bench -- train [--model original] [--batch 16] [--steps 4] [--backend native|wasm|cpu] [--lowmem]
//     [--loss mae]  (one plain loss, no multipliers, no augmentation: the step bench/peers/torch_original.py times)
//     [--profile]   (one more step, untimed, with tfjs's kernel profiler: seconds per kernel)
//     [--alternate-winograd]  (native: Winograd convolutions on and off in turn, step by step, and the median
//                   of each: on a shared machine the speed drifts more between runs than the change it measures)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createForge, prepareSampleFaces, silentLogger, tf } from '@faceforge/core';
import { describePeakMemory, peakMemory, selectBackend } from '@faceforge/core/backend';
import { defaultValues } from '@faceforge/core/config';
import { train } from '@faceforge/core/train';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'original' },
    batch: { type: 'string', default: '16' },
    steps: { type: 'string', default: '4' },
    backend: { type: 'string' },
    lowmem: { type: 'boolean', default: false },
    loss: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'alternate-winograd': { type: 'boolean', default: false },
  },
});
const batch = Number(args.batch);
// step k (1 = warm-up) runs with Winograd on when k is odd
const native = args['alternate-winograd'] ? (await import('@faceforge/backend-native')).addon : null;
const steps = Number(args.steps);
const backend = await selectBackend({ requested: args.backend, log: () => undefined });
const faces = await prepareSampleFaces({ outDir: join(tmpdir(), 'faceforge-bench-faces'), perSide: 60, size: 128 });
const forge = await createForge({ log: silentLogger });
const config = defaultValues(forge.sectionsFor(args.model));
if (args.lowmem) config[`model.${args.model}`] = { ...config[`model.${args.model}`], lowmem: true };
const plain = args.loss !== undefined;
if (plain) {
  config['global.loss'] = { ...config['global.loss'], loss_function: args.loss, loss_function_2: 'none', loss_weight_2: 0, eye_multiplier: 1, mouth_multiplier: 1, penalized_mask_loss: false };
}
const dir = await mkdtemp(join(tmpdir(), 'ff-bench-'));
const times = [];
let last = performance.now();
forge.hooks.beforeTrain.tap('bench', () => { last = performance.now(); });
forge.hooks.afterStep.tap('bench', () => {
  const now = performance.now();
  times.push((now - last) / 1000);
  last = now;
  native?.setWinograd(times.length % 2 === 0);
  // tf.profile() needs the step as a function; the trainer runs it, so switch the engine's own profiler on for the last step
  if (args.profile && times.length === steps + 1) {
    tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false); // else the profiler reads every output back
    Object.assign(tf.engine().state, { profiling: true, activeProfile: { newBytes: 0, newTensors: 0, peakBytes: 0, kernels: [], result: null, kernelNames: [] } });
  }
});
await train(forge, {
  modelDir: dir, inputA: faces.a, inputB: faces.b, modelName: args.model, batchSize: batch, iterations: steps + 1 + (args.profile ? 1 : 0),
  saveInterval: 1e9, snapshotInterval: 0, config, seed: 1, preview: false,
  flags: { flip: !plain, warp: !plain, augmentColor: !plain, warpToLandmarks: false },
});
const memory = peakMemory();
await rm(dir, { recursive: true, force: true });
const timed = times.slice(1, steps + 1);
const seconds = timed.reduce((a, b) => a + b, 0) / timed.length;
console.log(`model ${args.model}${args.lowmem ? ' (lowmem)' : ''}, loss ${args.loss ?? 'default (ssim + 100 mse, eye/mouth multipliers), augmentation on'}, batch ${batch} per side, backend ${backend.name}, ${cpus().length} cores`);
console.log(`warm-up step ${times[0].toFixed(2)} s; ${timed.length} timed steps: ${timed.map((t) => t.toFixed(2)).join(' ')} s`);
console.log(`step ${seconds.toFixed(2)} s  ->  ${((2 * batch) / seconds).toFixed(2)} EG/s`);
if (native) {
  const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];
  const on = timed.filter((_, i) => i % 2 === 1), off = timed.filter((_, i) => i % 2 === 0); // timed[i] is step i + 2
  const show = (list) => `median ${median(list).toFixed(2)} s/step (${list.map((t) => t.toFixed(2)).join(' ')})`;
  console.log(`Winograd on: ${show(on)}; off: ${show(off)}; ${(100 * (median(off) / median(on) - 1)).toFixed(1)}% faster on`);
}
console.log(describePeakMemory(memory));
if (args.profile) {
  const byKernel = new Map();
  for (const k of tf.engine().state.activeProfile.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (await k.kernelTimeMs));
  tf.engine().state.profiling = false;
  const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
  console.log(`profiled step: ${(times.at(-1)).toFixed(2)} s, ${(total / 1e3).toFixed(2)} s of it in kernels (tf.profile)`);
  for (const [name, ms] of [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 16)) console.log(`  ${name.padEnd(28)} ${(ms / 1e3).toFixed(3)} s`);
}
