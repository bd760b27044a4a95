// Training speed: runs the real trainer (data loading, augmentation, forward, loss, backward,
// optimizer) on the sample faces and reports examples per second (both sides, faceswap's EG/s)
// after a warm-up step, plus peak memory.
//   npm run bench -- train [--model original|villain|realface] [--batch 16] [--steps 4] [--backend native|wasm|cpu]
//     architecture: [--lowmem] (original, villain) [--input-size 64] [--output-size 128] [--dense-nodes 1536]
//                   [--complexity-encoder 128] [--complexity-decoder 512] (realface) [--learn-mask]
//                   [--reflect-padding] ([global] reflect_padding; the peers pad the same way)
//     [--loss mae]  (one plain loss, no multipliers, no augmentation: the step bench/peers/torch_<model>.py times)
//     [--peer]      (then the same step in PyTorch: bench/peers/torch_<model>.py with the same batch, steps and
//                   architecture options, as many threads as the native backend uses; prints both figures and the
//                   ratio ours ÷ peer. Debian's torch: apt-get install python3-torch libopenblas0-pthread;
//                   FACEFORGE_PYTHON names another interpreter)
//     [--profile]   (one more step, untimed, with tfjs's kernel profiler: seconds per kernel, the costliest kernel
//                   calls by input shapes, and on native the kernels that ran in JS on the cpu backend, with their share)
//     [--alternate-winograd]  (native: Winograd convolutions on and off in turn, step by step, and the median
//                   of each: on a shared machine the speed drifts more between runs than the change it measures)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createForge, prepareSampleFaces, silentLogger, tf } from '@faceforge/core';
import { describePeakMemory, peakMemory, selectBackend } from '@faceforge/core/backend';
import { defaultValues } from '@faceforge/core/config';
import { train } from '@faceforge/core/train';
import { countParameters } from '@faceforge/core';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'original' },
    batch: { type: 'string', default: '16' },
    steps: { type: 'string', default: '4' },
    backend: { type: 'string' },
    lowmem: { type: 'boolean', default: false },
    'input-size': { type: 'string' },
    'output-size': { type: 'string' },
    'dense-nodes': { type: 'string' },
    'complexity-encoder': { type: 'string' },
    'complexity-decoder': { type: 'string' },
    'learn-mask': { type: 'boolean', default: false },
    'reflect-padding': { type: 'boolean', default: false },
    peer: { type: 'boolean', default: false },
    loss: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'alternate-winograd': { type: 'boolean', default: false },
  },
});
const batch = Number(args.batch);
// the flags that change a model's architecture, with the [model.<name>] option each sets; the peer takes the same flags
const ARCHITECTURE_FLAGS = {
  lowmem: 'lowmem', 'input-size': 'input_size', 'output-size': 'output_size', 'dense-nodes': 'dense_nodes',
  'complexity-encoder': 'complexity_encoder', 'complexity-decoder': 'complexity_decoder',
};
const architecture = Object.entries(ARCHITECTURE_FLAGS).filter(([flag]) => args[flag] !== undefined && args[flag] !== false);
const peerScript = join(dirname(fileURLToPath(import.meta.url)), 'peers', `torch_${args.model}.py`);
const python = process.env.FACEFORGE_PYTHON ?? '/usr/bin/python3';
if (args.peer) checkPeer();
// step k (1 = warm-up) runs with Winograd on when k is odd
const native = args['alternate-winograd'] ? (await import('@faceforge/backend-native')).addon : null;
const steps = Number(args.steps);
const backend = await selectBackend({ requested: args.backend, log: () => undefined });
// the peer gets as many threads as our step uses (the native pool: FACEFORGE_THREADS or every core)
const nativePackage = backend.name === 'native' ? await import('@faceforge/backend-native') : null;
const peerThreads = nativePackage?.nativeInfo()?.threads ?? cpus().length;
const faces = await prepareSampleFaces({ outDir: join(tmpdir(), 'faceforge-bench-faces'), perSide: 60, size: 128 });
const forge = await createForge({ log: silentLogger });
const config = defaultValues(forge.sectionsFor(args.model));
const modelSection = `model.${args.model}`;
for (const [flag, option] of architecture) {
  if (!(option in (config[modelSection] ?? {}))) fail(`--${flag}: model ${args.model} has no option ${option}`);
  const value = flag === 'lowmem' ? true : Number(args[flag]);
  if (!Number.isInteger(value) && value !== true) fail(`--${flag} ${args[flag]}: not a whole number`);
  config[modelSection] = { ...config[modelSection], [option]: value };
}
if (args['learn-mask']) config['global.loss'] = { ...config['global.loss'], learn_mask: true };
if (args['reflect-padding']) config.global = { ...config.global, reflect_padding: true };
const plain = args.loss !== undefined;
if (plain) {
  config['global.loss'] = { ...config['global.loss'], loss_function: args.loss, loss_function_2: 'none', loss_weight_2: 0, eye_multiplier: 1, mouth_multiplier: 1, penalized_mask_loss: false };
}
const dir = await mkdtemp(join(tmpdir(), 'ff-bench-'));
const times = [];
let last = performance.now();
let parameters = '';
forge.hooks.beforeTrain.tap('bench', (run) => {
  const counts = Object.entries(run.model.parts).map(([name, part]) => [name, countParameters(part)]);
  parameters = `parameters ${[...counts.map(([name, n]) => `${name} ${n}`), `total ${counts.reduce((s, [, n]) => s + n, 0)}`].join(', ')}`;
  last = performance.now();
});
forge.hooks.afterStep.tap('bench', () => {
  const now = performance.now();
  times.push((now - last) / 1000);
  last = now;
  native?.setWinograd(times.length % 2 === 0);
  // tf.profile() needs the step as a function; the trainer runs it, so switch the engine's own profiler on for the last step
  if (args.profile && times.length === steps + 1) {
    tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false); // else the profiler reads every output back
    Object.assign(tf.engine().state, { profiling: true, activeProfile: { newBytes: 0, newTensors: 0, peakBytes: 0, kernels: [], result: null, kernelNames: [] } });
    if (nativePackage) nativePackage.cpuFallbacks.on = true;
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
const options = architecture.map(([flag]) => (flag === 'lowmem' ? flag : `${flag} ${args[flag]}`))
  .concat(['learn-mask', 'reflect-padding'].filter((flag) => args[flag]));
console.log(`model ${args.model}${options.length ? ` (${options.join(', ')})` : ''}, loss ${args.loss ?? 'default (ssim + 100 mse, eye/mouth multipliers), augmentation on'}, batch ${batch} per side, backend ${backend.name}, ${cpus().length} cores`);
console.log(`warm-up step ${times[0].toFixed(2)} s; ${timed.length} timed steps: ${timed.map((t) => t.toFixed(2)).join(' ')} s`);
const egs = (2 * batch) / seconds;
console.log(parameters);
console.log(`step ${seconds.toFixed(2)} s  ->  ${egs.toFixed(2)} EG/s`);
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
  // tfjs op wrappers (fusedConv2d__op) run their kernel inside and are timed twice: count the kernel's time once
  const total = [...byKernel].filter(([name]) => !name.endsWith('__op')).reduce((a, [, ms]) => a + ms, 0);
  console.log(`profiled step: ${(times.at(-1)).toFixed(2)} s, ${(total / 1e3).toFixed(2)} s of it in kernels (tf.profile)`);
  for (const [name, ms] of [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 16)) console.log(`  ${name.padEnd(28)} ${(ms / 1e3).toFixed(3)} s`);
  // the same kernel on different shapes costs very differently: the 12 costliest (kernel, input shapes)
  const byShape = new Map();
  for (const k of tf.engine().state.activeProfile.kernels) {
    if (k.name.endsWith('__op')) continue;
    const key = `${k.name} ${k.inputShapes.map((shape) => `[${shape}]`).join(' ')}`;
    const entry = byShape.get(key) ?? { ms: 0, calls: 0 };
    entry.ms += await k.kernelTimeMs;
    entry.calls++;
    byShape.set(key, entry);
  }
  console.log('costliest kernel calls by input shapes:');
  for (const [key, t] of [...byShape].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) console.log(`  ${(t.ms / 1e3).toFixed(3)} s  ${String(t.calls).padStart(3)}x  ${key}`);
  if (nativePackage) {
    // kernels the native backend hands to tfjs's cpu backend (none of its own, or a case it does not handle)
    const fallbacks = [...nativePackage.cpuFallbacks.byKernel].sort((a, b) => b[1].ms - a[1].ms);
    const js = fallbacks.reduce((s, [, t]) => s + t.ms, 0);
    console.log(`in JS (tfjs cpu kernels): ${(js / 1e3).toFixed(2)} s, ${((100 * js) / total).toFixed(1)}% of the kernel time`);
    for (const [name, t] of fallbacks) console.log(`  ${name.padEnd(28)} ${(t.ms / 1e3).toFixed(3)} s, ${t.calls} calls, ${((100 * t.ms) / total).toFixed(1)}%`);
  }
}
if (args.peer) runPeer();

function fail(message) {
  console.error(`bench train: ${message}`);
  process.exit(2);
}

/** Before the (long) timed steps: is there a peer for this model, and does its Python import torch? */
function checkPeer() {
  if (!existsSync(peerScript)) fail(`--peer: no PyTorch peer for model ${args.model} (${peerScript})`);
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const why = probe.error?.message ?? (probe.stderr.trim().split('\n').at(-1) || `exit status ${probe.status}`);
    fail(`--peer: ${python} cannot import torch (${why}); apt-get install python3-torch libopenblas0-pthread, or set FACEFORGE_PYTHON`);
  }
}

/** The same plain step in PyTorch, after ours, on as many threads as ours; prints its lines and the ratio. */
function runPeer() {
  const threads = peerThreads;
  const peerArgs = [peerScript, '--threads', String(threads), '--batch', String(batch), '--iters', String(steps)];
  for (const [flag] of architecture) peerArgs.push(...(flag === 'lowmem' ? ['--lowmem'] : [`--${flag}`, args[flag]]));
  for (const flag of ['learn-mask', 'reflect-padding']) if (args[flag]) peerArgs.push(`--${flag}`);
  const peer = spawnSync(python, peerArgs, { encoding: 'utf8' });
  const lines = `${peer.stdout}${peer.stderr}`.trim().split('\n');
  for (const line of lines) console.log(`peer: ${line}`);
  const peerEgs = Number(/->\s+([\d.]+) EG\/s/.exec(peer.stdout)?.[1]);
  if (peer.status !== 0 || !Number.isFinite(peerEgs)) fail(`--peer: ${python} ${peerArgs.join(' ')} failed (exit ${peer.status})`);
  const peerParameters = lines.find((line) => line.startsWith('parameters '));
  if (!plain) console.log('note: the peer times the plain step (L1, no augmentation); --loss mae times the same step here');
  console.log(`parameters: ${peerParameters === parameters ? 'the same in both' : `DIFFER (ours: ${parameters}; peer: ${peerParameters})`}`);
  console.log(`ours ${egs.toFixed(2)} EG/s (${backend.name}), peer ${peerEgs.toFixed(2)} EG/s (torch, ${threads} threads): ratio ${(egs / peerEgs).toFixed(2)}`);
}
