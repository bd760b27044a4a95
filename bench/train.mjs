// Training speed: runs the real trainer (data loading, augmentation, forward, loss, backward,
// optimizer) on the sample faces and reports examples per second (both sides, faceswap's EG/s)
// after a warm-up step, plus peak memory.
//   npm run bench -- train [--model original] [--batch 16] [--steps 4] [--backend native|wasm|cpu] [--lowmem]
//     [--loss mae]  (one plain loss, no multipliers, no augmentation: the step bench/peers/torch_original.py times)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createForge, defaultValues, peakMemory, prepareSampleFaces, selectBackend, silentLogger, train } from '@faceforge/core';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'original' },
    batch: { type: 'string', default: '16' },
    steps: { type: 'string', default: '4' },
    backend: { type: 'string' },
    lowmem: { type: 'boolean', default: false },
    loss: { type: 'string' },
  },
});
const batch = Number(args.batch);
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
});
await train(forge, {
  modelDir: dir, inputA: faces.a, inputB: faces.b, modelName: args.model, batchSize: batch, iterations: steps + 1,
  saveInterval: 1e9, snapshotInterval: 0, config, seed: 1, preview: false,
  flags: { flip: !plain, warp: !plain, augmentColor: !plain, warpToLandmarks: false },
});
const memory = peakMemory();
await rm(dir, { recursive: true, force: true });
const timed = times.slice(1);
const seconds = timed.reduce((a, b) => a + b, 0) / timed.length;
console.log(`model ${args.model}${args.lowmem ? ' (lowmem)' : ''}, loss ${args.loss ?? 'default (ssim + 100 mse, eye/mouth multipliers), augmentation on'}, batch ${batch} per side, backend ${backend.name}, ${cpus().length} cores`);
console.log(`warm-up step ${times[0].toFixed(2)} s; ${timed.length} timed steps: ${timed.map((t) => t.toFixed(2)).join(' ')} s`);
console.log(`step ${seconds.toFixed(2)} s  ->  ${((2 * batch) / seconds).toFixed(2)} EG/s`);
console.log(`peak RSS ${memory.maxRssMB.toFixed(0)} MB${memory.wasmHeapMB ? `, wasm heap ${memory.wasmHeapMB.toFixed(0)} MB` : ''}`);
