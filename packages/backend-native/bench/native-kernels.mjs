// Benchmarks of the 'native' tfjs backend: SGEMM and convolution GFLOP/s next to the machine's fp32
// peak, then a rough training-step timing of faceswap's Original model (batch per side, MAE, per-
// variable Adam through the fused kernel).
//   node bench/native-kernels.mjs [--steps 3] [--batch 16] [--no-train] [--profile] [--kernels-only] [--check-step]
// --check-step [--reference cpu|wasm]: one full training step of the Original plugin's model (batch 1
// per side, MAE) on native and on the reference backend (default cpu, which takes ~12 min), compared:
// the loss and every gradient.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import * as native from '../dist/index.js';
import { createOptimizer } from '../../core/dist/optimizers/create-optimizer.js';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, fallback) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? Number(argv[i + 1]) : fallback; };

if (!native.available) { console.error(`native backend unavailable: ${native.unavailableReason}`); process.exit(1); }
await tf.setBackend('native');
const info = native.nativeInfo();
const addon = native.addon;

// ---- machine peak: cores x SIMD lanes x 2 FMA units x 2 flops x clock. /proc/cpuinfo gives the nominal
// clock; cloud CPUs boost well above it under load, so the ceiling the percentages use is measured: a
// register-only FMA loop on every thread (the clock it implies is printed beside it).
const mhz = Number((readFileSync('/proc/cpuinfo', 'utf8').match(/cpu MHz\s*:\s*([\d.]+)/) ?? [])[1] ?? 0);
const lanes = { avx512: 16, avx2: 8, generic: 4 }[info.kernel];
const perCycle = info.threads * lanes * 2 * 2;
const nominal = perCycle * mhz / 1000;
const measured = addon.measurePeak(1.0);
const peak = measured > 0 ? measured : nominal;
console.log(`native backend: micro-kernel ${info.kernel}, ${info.threads} threads, clock ${mhz} MHz (/proc/cpuinfo)`);
console.log(`fp32 peak, nominal = ${info.threads} cores x ${lanes} lanes x 2 FMA units x 2 x ${(mhz / 1000).toFixed(3)} GHz = ${nominal.toFixed(1)} GFLOP/s`);
if (measured > 0) console.log(`fp32 peak, measured (FMA loop on ${info.threads} threads) = ${measured.toFixed(1)} GFLOP/s, i.e. a sustained clock of ${(measured / perCycle).toFixed(2)} GHz: the percentages below use this one`);

if (flag('check-step')) {
  await checkStep();
  process.exit(0);
}

function timeIt(fn, minSeconds = 1.0) {
  fn(); // warm-up
  let reps = 0; const t0 = process.hrtime.bigint(); let elapsed = 0;
  do { fn(); reps++; elapsed = Number(process.hrtime.bigint() - t0) / 1e9; } while (elapsed < minSeconds);
  return elapsed / reps;
}
const report = (label, flops, seconds) =>
  console.log(`${label.padEnd(58)} ${(seconds * 1e3).toFixed(1).padStart(8)} ms ${(flops / seconds / 1e9).toFixed(1).padStart(7)} GFLOP/s (${(100 * flops / seconds / 1e9 / peak).toFixed(0)}% of peak)`);

// ---- SGEMM 1024^3 (addon direct: no tfjs overhead)
{
  const n = 1024, a = new Float32Array(n * n).fill(0.5), b = new Float32Array(n * n).fill(0.25), c = new Float32Array(n * n);
  report('SGEMM 1024^3', 2 * n ** 3, timeIt(() => addon.matmul(a, b, c, 1, n, n, n, false, false, 0, 0, null, 0, 0)));
}

// ---- convolutions through tfjs on the probe's layer shapes and the Original model's (batch 16).
// 3x3 stride-1 layers run twice: SGEMM, then Winograd (its GFLOP/s count the direct method's flops).
const layers = [
  { name: 'probe layer [2,16,16,256] * 3x3x256x512 s1', x: [2, 16, 16, 256], k: 3, co: 512, s: 1 },
  { name: 'enc conv2 [16,32,32,128] * 5x5x128x256 s2', x: [16, 32, 32, 128], k: 5, co: 256, s: 2 },
  { name: 'enc conv4 [16,8,8,512] * 5x5x512x1024 s2', x: [16, 8, 8, 512], k: 5, co: 1024, s: 2 },
  { name: 'enc upscale [16,4,4,1024] * 3x3x1024x2048 s1', x: [16, 4, 4, 1024], k: 3, co: 2048, s: 1 },
  { name: 'dec upscale [16,8,8,512] * 3x3x512x1024 s1', x: [16, 8, 8, 512], k: 3, co: 1024, s: 1 },
  { name: 'dec upscale [16,16,16,256] * 3x3x256x512 s1', x: [16, 16, 16, 256], k: 3, co: 512, s: 1 },
  { name: 'dec upscale [16,32,32,128] * 3x3x128x256 s1', x: [16, 32, 32, 128], k: 3, co: 256, s: 1 },
];
const winogradDefault = addon.info().winograd;
for (const L of layers) {
  const x = tf.randomUniform(L.x), f = tf.randomUniform([L.k, L.k, L.x[3], L.co]);
  const y = tf.conv2d(x, f, L.s, 'same');
  const dy = tf.randomUniform(y.shape);
  const flops = 2 * y.size * L.k * L.k * L.x[3];
  const pad = (L.k - 1) >> 1, dims = [...L.x, L.k, L.k, L.co, y.shape[1], y.shape[2], L.s, L.s, pad, pad];
  for (const winograd of L.k === 3 && L.s === 1 ? [false, true] : [winogradDefault]) {
    addon.setWinograd(winograd);
    const method = (inputGradient) => (winograd && addon.usesWinograd(dims, inputGradient) ? 'winograd F(4x4,3x3)' : 'sgemm');
    console.log(`${L.name}  (forward and filter gradient: ${method(false)}, input gradient: ${method(true)})`);
    report('  Conv2D', flops, timeIt(() => tf.conv2d(x, f, L.s, 'same').dispose()));
    report('  BackpropInput', flops, timeIt(() => tf.conv2dTranspose(dy, f, L.x, L.s, 'same').dispose()));
    report('  BackpropFilter', flops, timeIt(() => (tf.engine().runKernel('Conv2DBackpropFilter', { x, dy },
      { strides: [L.s, L.s], pad: 'same', dataFormat: 'NHWC', filterShape: f.shape })).dispose()));
  }
  tf.dispose([x, f, y, dy]);
}
addon.setWinograd(winogradDefault);

// ---- the Original model's dense layers at batch 16 (16 rows: bound by reading the 64 MiB weights)
for (const [label, M, N, K, ta, tb] of [
  ['dense 16384->1024 forward     x W', 16, 1024, 16384, false, false], ['dense 16384->1024 input grad dY W^T', 16, 16384, 1024, false, true],
  ['dense 16384->1024 weight grad X^T dY', 16384, 1024, 16, true, false], ['dense 1024->16384 forward     x W', 16, 16384, 1024, false, false],
  ['dense 1024->16384 input grad dY W^T', 16, 1024, 16384, false, true], ['dense 1024->16384 weight grad X^T dY', 1024, 16384, 16, true, false],
]) {
  const a = new Float32Array(M * K).fill(0.5), b = new Float32Array(K * N).fill(0.25), c = new Float32Array(M * N);
  report(label, 2 * M * N * K, timeIt(() => addon.matmul(a, b, c, 1, M, N, K, ta, tb, 0, 0, null, 0, 0)));
}
if (flag('kernels-only')) process.exit(0);

async function checkStep() {
  const { createForge, selectBackend, sharedEncoderModel, silentLogger } = await import('../../core/dist/index.js');
  const referenceName = argv.includes('--reference') ? argv[argv.indexOf('--reference') + 1] : 'cpu';
  const { default: originalPlugin } = await import('../../plugin-original/dist/index.js');
  const forge = await createForge({ discover: false, plugins: [originalPlugin], log: silentLogger });
  const stepOn = async (backend) => {
    await selectBackend({ requested: backend, log: () => undefined });
    const model = forge.models.get('original').build({ tf, config: { lowmem: false }, learnMask: false, blocks: forge.blocks(1), seed: 1, sharedEncoderModel });
    const a = tf.randomUniform([1, 64, 64, 3], 0, 1, 'float32', 5), b = tf.randomUniform([1, 64, 64, 3], 0, 1, 'float32', 6);
    const started = performance.now();
    const { value, grads } = tf.variableGrads(() => tf.add(
      tf.losses.absoluteDifference(a, model.forward(a, 'a').face), tf.losses.absoluteDifference(b, model.forward(b, 'b').face)));
    // variable names can differ between builds (unique suffixes); the order of the weights cannot
    const result = { loss: value.dataSync()[0], names: Object.keys(grads), grads: Object.values(grads).map((g) => g.dataSync()), seconds: (performance.now() - started) / 1000 };
    tf.dispose([a, b, value, ...Object.values(grads)]);
    for (const part of Object.values(model.parts)) part.dispose();
    return result;
  };
  console.log(`\nfull Original training step (plugin model, 82 M parameters, batch 1 per side, MAE): native vs ${referenceName}`);
  const ours = await stepOn('native');
  const reference = await stepOn(referenceName);
  const errors = reference.grads.map((expected, index) => {
    const actual = ours.grads[index];
    let diff = 0, norm = 0;
    for (let i = 0; i < expected.length; i++) { diff += (actual[i] - expected[i]) ** 2; norm += expected[i] ** 2; }
    return { name: ours.names[index], error: Math.sqrt(diff / Math.max(norm, 1e-30)) };
  }).sort((p, q) => q.error - p.error);
  const worst = errors[0], median = errors[errors.length >> 1];
  console.log(`loss: native ${ours.loss} (${ours.seconds.toFixed(1)} s), ${referenceName} ${reference.loss} (${reference.seconds.toFixed(1)} s), relative difference ${(Math.abs(ours.loss - reference.loss) / reference.loss).toExponential(2)}`);
  console.log(`gradients: ${errors.length} variables, relative L2 difference median ${median.error.toExponential(2)}, worst ${worst.error.toExponential(2)} (${worst.name}; bias gradients sum many terms of both signs)`);
}

// ---- training step of faceswap's Original model
const batch = option('batch', 16), steps = option('steps', 3);
const vars = [];
const variable = (shape, name) => { const fanIn = shape.slice(0, -1).reduce((p, q) => p * q, 1); const v = tf.tidy(() => tf.variable(tf.randomUniform(shape, -1, 1).mul(Math.sqrt(3 / fanIn)), true, name)); vars.push(v); return v; };
const convLayer = (name, k, ci, co) => ({ w: variable([k, k, ci, co], `${name}/w`), b: variable([co], `${name}/b`) });
const conv = (x, L, s, activation) => tf.fused.conv2d({ x, filter: L.w, strides: s, pad: 'same', bias: L.b, activation, leakyreluAlpha: 0.1 });
const pixelShuffle = (x) => { const [n, h, w, c] = x.shape; const oc = c / 4;
  return x.reshape([n * h, w, 2, 2 * oc]).transpose([0, 2, 1, 3]).reshape([n, h * 2, w * 2, oc]); };
const enc = {
  c1: convLayer('enc/c1', 5, 3, 128), c2: convLayer('enc/c2', 5, 128, 256), c3: convLayer('enc/c3', 5, 256, 512), c4: convLayer('enc/c4', 5, 512, 1024),
  d1: { w: variable([16384, 1024], 'enc/d1/w'), b: variable([1024], 'enc/d1/b') },
  d2: { w: variable([1024, 16384], 'enc/d2/w'), b: variable([16384], 'enc/d2/b') },
  up: convLayer('enc/up', 3, 1024, 2048),
};
const decoder = (side) => ({ u1: convLayer(`dec${side}/u1`, 3, 512, 1024), u2: convLayer(`dec${side}/u2`, 3, 256, 512),
  u3: convLayer(`dec${side}/u3`, 3, 128, 256), out: convLayer(`dec${side}/out`, 5, 64, 3) });
const decA = decoder('A'), decB = decoder('B');
const params = vars.reduce((s, v) => s + v.size, 0);
const encode = (x) => {
  let h = conv(x, enc.c1, 2, 'leakyrelu'); h = conv(h, enc.c2, 2, 'leakyrelu'); h = conv(h, enc.c3, 2, 'leakyrelu'); h = conv(h, enc.c4, 2, 'leakyrelu');
  h = tf.fused.matMul({ a: h.reshape([x.shape[0], 16384]), b: enc.d1.w, bias: enc.d1.b });
  h = tf.fused.matMul({ a: h, b: enc.d2.w, bias: enc.d2.b }).reshape([x.shape[0], 4, 4, 1024]);
  return pixelShuffle(conv(h, enc.up, 1, 'leakyrelu'));
};
const decode = (h, d) => { h = pixelShuffle(conv(h, d.u1, 1, 'leakyrelu')); h = pixelShuffle(conv(h, d.u2, 1, 'leakyrelu'));
  h = pixelShuffle(conv(h, d.u3, 1, 'leakyrelu')); return conv(h, d.out, 1, 'sigmoid'); };
const xa = tf.randomUniform([batch, 64, 64, 3]), xb = tf.randomUniform([batch, 64, 64, 3]);
const optimizer = createOptimizer('adam', { learningRate: 5e-5, beta1: 0.5, beta2: 0.99 });
const step = () => {
  const { value, grads } = tf.variableGrads(() => tf.add(
    tf.losses.absoluteDifference(xa, decode(encode(xa), decA)), tf.losses.absoluteDifference(xb, decode(encode(xb), decB))), vars);
  optimizer.applyGradients(vars, grads);
  const loss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads)]);
  return loss;
};
console.log(`\nOriginal model: ${params.toLocaleString('en')} parameters, batch ${batch} per side, MAE, per-variable fused Adam`);
if (flag('profile')) {
  step(); // warm-up outside the profile: first-touch allocations would dominate it
  const prof = await tf.profile(() => { step(); });
  const byKernel = new Map();
  for (const k of prof.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + k.kernelTimeMs);
  const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
  console.log(`profiled step: ${(total / 1e3).toFixed(2)} s in kernels`);
  for (const [name, ms] of [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${name.padEnd(24)} ${(ms / 1e3).toFixed(3)} s`);
}
let t0 = process.hrtime.bigint();
const warm = step();
console.log(`warm-up step: ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2)} s, loss ${warm.toFixed(5)}`);
const times = [];
let loss = warm;
for (let i = 0; i < steps; i++) { t0 = process.hrtime.bigint(); loss = step(); times.push(Number(process.hrtime.bigint() - t0) / 1e9); }
const mean = times.reduce((a, b) => a + b, 0) / times.length;
const stepFlops = 3 * 2 * 1900.2e6 * 2 * batch; // probe §4: 1900.2 M MAC forward per example, training ~3x
console.log(`steps: ${times.map((t) => t.toFixed(2)).join(', ')} s; mean ${mean.toFixed(2)} s/step, loss ${loss.toFixed(5)}`);
console.log(`examples/s: ${(2 * batch / mean).toFixed(2)} (target 15); ~${(stepFlops / mean / 1e9).toFixed(0)} GFLOP/s model-level; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; tensors alive ${tf.memory().numTensors}`);
