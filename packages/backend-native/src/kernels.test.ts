import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { addon, available, BACKEND_NAME, NATIVE_KERNELS, unavailableReason } from './index.js';
import { registerLeakyReluGradient } from '../../core/dist/backend/leaky-relu-grad.js';
import { registerMirrorPadGradient } from '../../core/dist/backend/mirror-pad-grad.js';
import { assertClose, onBoth, randomValues } from './test-util.js';

let seed = 1;
const rand = (shape: number[]) => tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), seed++), shape);

test('the addon loads and registers the native backend with every cpu kernel', () => {
  assert.ok(available, unavailableReason);
  assert.ok(tf.findBackendFactory(BACKEND_NAME));
  const cpu = tf.getKernelsForBackend('cpu').map((k) => k.kernelName).sort();
  const native = tf.getKernelsForBackend(BACKEND_NAME).map((k) => k.kernelName).sort();
  assert.deepEqual(native, [...new Set([...cpu, ...NATIVE_KERNELS])].sort());
  for (const name of ['Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'BatchMatMul', '_FusedMatMul']) {
    assert.notEqual(tf.getKernel(name, BACKEND_NAME)!.kernelFunc, tf.getKernel(name, 'cpu')!.kernelFunc, name);
  }
});

test('SGEMM matches a double-precision reference for every supported micro-kernel and transpose', () => {
  const native = addon!;
  const previous = native.info().kernel;
  const reference = (a: Float32Array, b: Float32Array, M: number, N: number, K: number, ta: boolean, tb: boolean) => {
    const c = new Float64Array(M * N);
    for (let i = 0; i < M; i++) for (let k = 0; k < K; k++) {
      const av = ta ? a[k * M + i] : a[i * K + k];
      for (let j = 0; j < N; j++) c[i * N + j] += av * (tb ? b[j * K + k] : b[k * N + j]);
    }
    return c;
  };
  let tested = 0;
  for (const kernel of ['avx512', 'avx2', 'generic'] as const) {
    if (!native.selectKernel(kernel)) continue;
    tested++;
    // [5, 600, 300]: few rows, so B is packed in blocks narrower than N (gemm.cc), and K spans two KC blocks
    for (const [M, N, K] of [[1, 1, 1], [13, 37, 300], [77, 65, 513], [100, 3, 7], [29, 70, 260], [5, 600, 300]]) {
      for (const ta of [false, true]) for (const tb of [false, true]) {
        const a = randomValues(M * K, seed++), b = randomValues(K * N, seed++), c = new Float32Array(M * N);
        native.matmul(a, b, c, 1, M, N, K, ta, tb, 0, 0, null, 0, 0);
        assertClose(c, reference(a, b, M, N, K, ta, tb), `${kernel} ${M}x${N}x${K} ta=${ta} tb=${tb}`);
      }
    }
  }
  assert.ok(native.selectKernel(previous as 'avx2'));
  assert.ok(tested >= 2, 'at least the generic and one SIMD kernel ran');
});

const CONV_CASES: Array<{ n: number; h: number; w: number; c: number; co: number; k: number; s: number; pad: 'same' | 'valid'; winograd?: boolean }> = [
  { n: 1, h: 7, w: 9, c: 3, co: 5, k: 3, s: 1, pad: 'same' },
  { n: 2, h: 9, w: 7, c: 6, co: 13, k: 5, s: 2, pad: 'same' },
  { n: 1, h: 11, w: 11, c: 16, co: 33, k: 5, s: 2, pad: 'valid' },
  { n: 3, h: 8, w: 8, c: 17, co: 9, k: 3, s: 2, pad: 'same' },
  { n: 1, h: 5, w: 6, c: 12, co: 40, k: 1, s: 1, pad: 'valid' },
  { n: 2, h: 7, w: 5, c: 4, co: 7, k: 1, s: 2, pad: 'same' },
  { n: 1, h: 13, w: 10, c: 20, co: 3, k: 3, s: 1, pad: 'valid' },
  // direct loops (conv_direct.cc): one input and one output channel, and few outputs of many inputs
  { n: 3, h: 16, w: 15, c: 1, co: 1, k: 11, s: 1, pad: 'valid' },
  { n: 2, h: 9, w: 10, c: 1, co: 1, k: 3, s: 2, pad: 'same' },
  { n: 1, h: 7, w: 8, c: 1, co: 1, k: 4, s: 1, pad: 'same' },
  { n: 1, h: 8, w: 7, c: 32, co: 1, k: 5, s: 2, pad: 'same' },
  { n: 2, h: 6, w: 6, c: 17, co: 4, k: 3, s: 1, pad: 'same' },
  // small outputs with many taps in the padding: GEMM rows in tap order, blocks of padding taps skipped
  { n: 3, h: 4, w: 4, c: 20, co: 24, k: 3, s: 1, pad: 'same' },
  { n: 2, h: 8, w: 7, c: 12, co: 16, k: 5, s: 2, pad: 'same' },
  // Winograd F(4x4, 3x3) (winograd.cc): 3x3 stride 1 with at least 16 channels and 64 tiles; ragged edge tiles
  { n: 4, h: 16, w: 13, c: 16, co: 24, k: 3, s: 1, pad: 'same', winograd: true },
  { n: 1, h: 38, w: 34, c: 17, co: 16, k: 3, s: 1, pad: 'valid', winograd: true },
  // 5x5 stride 2 as Winograd on the input space-to-depth by 2: padding 1, 2 (odd sizes) and 0; few channels,
  // so channel runs end at phase boundaries
  { n: 4, h: 32, w: 30, c: 16, co: 24, k: 5, s: 2, pad: 'same', winograd: true },
  { n: 4, h: 33, w: 31, c: 5, co: 16, k: 5, s: 2, pad: 'same', winograd: true },
  { n: 4, h: 37, w: 35, c: 16, co: 20, k: 5, s: 2, pad: 'valid', winograd: true },
];

for (const cc of CONV_CASES) {
  const label = `n${cc.n} ${cc.h}x${cc.w}x${cc.c}->${cc.co} k${cc.k} s${cc.s} ${cc.pad}`;
  test(`Conv2D / FusedConv2D / both backprops match cpu: ${label}`, () => {
    const x = rand([cc.n, cc.h, cc.w, cc.c]), f = rand([cc.k, cc.k, cc.c, cc.co]), bias = rand([cc.co]);
    const fwd = onBoth(() => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, cc.s, cc.pad));
    const pad = cc.pad === 'same' ? (cc.k - 1) >> 1 : 0;
    const dims = [cc.n, cc.h, cc.w, cc.c, cc.k, cc.k, cc.co, fwd.shapes[0]![1]!, fwd.shapes[0]![2]!, cc.s, cc.s, pad, pad];
    for (const inputGradient of [false, true]) assert.equal(addon!.usesWinograd(dims, inputGradient), cc.winograd === true, `winograd ${label}`);
    // Winograd's transforms scale terms by up to 8 before they cancel: its rounding error follows the
    // size of the output (1e-5 of its largest value, about 10x SGEMM's), not of each element.
    const close = (actual: Float32Array, expected: Float32Array, what: string) =>
      assertClose(actual, expected, what, 1e-4, cc.winograd ? Math.max(1e-4, 1e-5 * expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0)) : 1e-4);
    close(fwd.native[0], fwd.cpu[0], `conv2d ${label}`);
    for (const activation of ['relu', 'leakyrelu', 'sigmoid', 'linear'] as const) {
      const fused = onBoth(() => tf.fused.conv2d({ x: x as tf.Tensor4D, filter: f as tf.Tensor4D, strides: cc.s, pad: cc.pad, bias, activation, leakyreluAlpha: 0.1 }));
      close(fused.native[0], fused.cpu[0], `fused ${activation} ${label}`);
    }
    const dyShape = fwd.shapes[0];
    const dy = rand(dyShape);
    const grads = onBoth(() => {
      const dx = tf.conv2dTranspose(dy as tf.Tensor4D, f as tf.Tensor4D, x.shape as [number, number, number, number], cc.s, cc.pad);
      const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [cc.s, cc.s], pad: cc.pad, dataFormat: 'NHWC', dimRoundingMode: undefined as unknown as string, filterShape: f.shape }) as tf.Tensor;
      return [dx, dw];
    });
    close(grads.native[0], grads.cpu[0], `Conv2DBackpropInput ${label}`);
    close(grads.native[1], grads.cpu[1], `Conv2DBackpropFilter ${label}`);
    tf.dispose([x, f, bias, dy]);
  });
}

const DEPTHWISE_CASES: Array<{ n: number; h: number; w: number; c: number; m: number; k: number; s: number; pad: 'same' | 'valid' }> = [
  { n: 1, h: 7, w: 9, c: 3, m: 1, k: 3, s: 1, pad: 'same' },
  { n: 2, h: 9, w: 8, c: 5, m: 2, k: 3, s: 2, pad: 'same' },
  { n: 1, h: 11, w: 10, c: 16, m: 1, k: 5, s: 2, pad: 'valid' },
  { n: 3, h: 6, w: 7, c: 4, m: 3, k: 2, s: 1, pad: 'valid' },
  { n: 1, h: 19, w: 19, c: 32, m: 1, k: 3, s: 2, pad: 'same' },
];

for (const cc of DEPTHWISE_CASES) {
  const label = `n${cc.n} ${cc.h}x${cc.w}x${cc.c} x${cc.m} k${cc.k} s${cc.s} ${cc.pad}`;
  test(`DepthwiseConv2dNative / FusedDepthwiseConv2D / both backprops match cpu: ${label}`, () => {
    const x = rand([cc.n, cc.h, cc.w, cc.c]), f = rand([cc.k, cc.k, cc.c, cc.m]), bias = rand([cc.c * cc.m]);
    const fwd = onBoth(() => tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, cc.s, cc.pad));
    assertClose(fwd.native[0], fwd.cpu[0], `depthwise ${label}`);
    for (const activation of ['relu', 'relu6', 'leakyrelu', 'linear'] as const) {
      const fused = onBoth(() => tf.fused.depthwiseConv2d({ x: x as tf.Tensor4D, filter: f as tf.Tensor4D, strides: cc.s, pad: cc.pad, bias, activation, leakyreluAlpha: 0.1 }));
      assertClose(fused.native[0], fused.cpu[0], `fused depthwise ${activation} ${label}`);
    }
    const dy = rand(fwd.shapes[0]);
    const attrs = { strides: [cc.s, cc.s], pad: cc.pad, dilations: [1, 1], dimRoundingMode: undefined as unknown as string };
    const grads = onBoth(() => [
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: f }, { ...attrs, inputShape: x.shape }) as tf.Tensor,
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape: f.shape }) as tf.Tensor,
    ]);
    assertClose(grads.native[0], grads.cpu[0], `DepthwiseConv2dNativeBackpropInput ${label}`);
    assertClose(grads.native[1], grads.cpu[1], `DepthwiseConv2dNativeBackpropFilter ${label}`);
    tf.dispose([x, f, bias, dy]);
  });
}

test('native layout ops, Prelu, FusedBatchNorm, ClipByValue and any-broadcast binary ops match cpu', () => {
  for (const name of ['DepthwiseConv2dNative', 'FusedDepthwiseConv2D', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'Prelu', 'DepthToSpace', 'Slice', 'PadV2', 'FusedBatchNorm', 'ClipByValue', 'MaxPool', 'MaxPoolGrad', 'ResizeBilinear', 'SplitV', 'Concat', 'Reverse', 'Neg', 'Step']) {
    assert.ok(NATIVE_KERNELS.includes(name), name);
  }
  const x = rand([2, 5, 3, 12]), perChannel = rand([12]), scalarAlpha = tf.scalar(0.2);
  const r = onBoth(() => [tf.prelu(x, perChannel), tf.prelu(x, scalarAlpha), tf.depthToSpace(x as tf.Tensor4D, 2), tf.depthToSpace(x.slice([0, 0, 0, 0], [2, 5, 3, 9]) as tf.Tensor4D, 3)]);
  r.native.forEach((v, i) => assertClose(v, r.cpu[i], `prelu/depthToSpace ${i}`, 0, 0));
  assert.deepEqual(r.shapes[2], [2, 10, 6, 3]);
  const layout = onBoth(() => [
    x.slice([0, 1, 0, 2], [2, 3, 3, 7]), x.slice([1, 0, 1, 0], [1, -1, 2, 12]), x.slice([0, 4, 2, 11], [2, 1, 1, 1]),
    x.slice([1, 0, 0, 0], [1, 5, 3, 12]), // contiguous: the cpu kernel's zero-copy view
    tf.pad(x, [[0, 0], [1, 2], [3, 0], [0, 1]], -0.5), tf.pad(x.reshape([30, 12]), [[2, 2], [0, 0]]), tf.pad(tf.range(0, 7), [[3, 1]], 9),
  ]);
  layout.native.forEach((v, i) => assertClose(v, layout.cpu[i], `slice/pad ${i}`, 0, 0));
  const [mean, variance, offset, scale] = [rand([12]), tf.tidy(() => rand([12]).abs()), rand([12]), rand([12])];
  const norm = onBoth(() => [
    tf.batchNorm(x, mean, variance, offset, scale, 1e-3), tf.batchNorm(x, mean, variance), tf.batchNorm(x, tf.scalar(0.1), tf.scalar(2), undefined, tf.scalar(1.5), 0.01),
    tf.clipByValue(x, -0.3, 0.6), tf.clipByValue(x.mul(10), 0, 6),
  ]);
  norm.native.forEach((v, i) => assertClose(v, norm.cpu[i], `batchNorm/clip ${i}`, 1e-5, 1e-6));
  tf.dispose([mean, variance, offset, scale]);
  assert.deepEqual(layout.shapes[4], [2, 8, 6, 13]);
  const y = rand([2, 5, 4, 12]), perPixel = rand([2, 5, 3, 1]), perSample = rand([2, 1, 1, 1]), perRow = rand([5, 1, 12]);
  const divisor = tf.tidy(() => rand([1, 5, 3, 1]).abs().add(0.5)), perRowAlpha = tf.fill([5, 1, 1], 0.3);
  const joined = onBoth(() => [
    ...tf.split(x, [3, 0, 9], 3), ...tf.split(x, 5, 1), ...tf.split(x, [1, 1], 0),
    tf.concat([x, y], 2), tf.concat([x, y.slice([0, 0, 0, 0], [2, 5, 1, 12]), x], 2), tf.concat([x, x], 0), tf.concat([x, x.slice([0, 0, 0, 0], [2, 5, 3, 2])], -1),
    tf.reverse(x, 1), tf.reverse(x, [0]), tf.reverse(x, -2), tf.reverse(x, [1, 2]), tf.reverse(x, 3),
    tf.mul(x, perPixel), tf.add(perSample, x), tf.sub(perRow, x), tf.div(x, divisor), tf.prelu(x, perRowAlpha),
  ]);
  joined.native.forEach((v, i) => assertClose(v, joined.cpu[i], `split/concat/broadcast ${i}`, 1e-6, 1e-7));
  tf.dispose([y, perPixel, perSample, perRow, divisor, perRowAlpha]);
  tf.dispose([x, perChannel, scalarAlpha]);
});

test('MaxPool and MaxPoolGrad match cpu (same/valid, overlapping windows, odd sizes)', () => {
  for (const [shape, k, s, pad] of [[[2, 9, 7, 5], 2, 2, 'same'], [[1, 8, 8, 3], 3, 2, 'same'], [[3, 7, 6, 4], 3, 1, 'valid'], [[1, 5, 5, 17], 2, 1, 'same']] as const) {
    const x = rand([...shape]);
    const label = `${shape.join('x')} k${k} s${s} ${pad}`;
    const fwd = onBoth(() => tf.maxPool(x as tf.Tensor4D, k, s, pad));
    assertClose(fwd.native[0], fwd.cpu[0], `maxPool ${label}`, 0, 0);
    const dy = rand(fwd.shapes[0]);
    const grad = onBoth(() => tf.grad((input: tf.Tensor) => tf.maxPool(input as tf.Tensor4D, k, s, pad).mul(dy).sum())(x));
    assertClose(grad.native[0], grad.cpu[0], `maxPoolGrad ${label}`, 1e-5, 1e-6);
    tf.dispose([x, dy]);
  }
  // ties: the first maximum in the window gets the gradient
  const flat = tf.ones([1, 4, 4, 2]);
  const tie = onBoth(() => tf.grad((input: tf.Tensor) => tf.maxPool(input as tf.Tensor4D, 2, 2, 'valid').sum())(flat));
  assertClose(tie.native[0], tie.cpu[0], 'maxPoolGrad ties', 0, 0);
  flat.dispose();
});

test('ResizeBilinear matches cpu (up, down, alignCorners, halfPixelCenters, size 1)', () => {
  const x = rand([2, 7, 9, 3]);
  const r = onBoth(() => [
    tf.image.resizeBilinear(x as tf.Tensor4D, [13, 5]), tf.image.resizeBilinear(x as tf.Tensor4D, [4, 16], true),
    tf.image.resizeBilinear(x as tf.Tensor4D, [11, 3], false, true), tf.image.resizeBilinear(x as tf.Tensor4D, [1, 1], true),
  ]);
  r.native.forEach((v, i) => assertClose(v, r.cpu[i], `resizeBilinear ${i}`, 1e-5, 1e-6));
  x.dispose();
});

test('BatchMatMul and _FusedMatMul match cpu for all transposes, batches and broadcasts', () => {
  for (const [b, m, n, k] of [[1, 1, 1, 1], [1, 17, 33, 9], [3, 5, 7, 130], [2, 40, 3, 65]]) {
    for (const ta of [false, true]) for (const tb of [false, true]) {
      const a = rand(ta ? [b, k, m] : [b, m, k]), bb = rand(tb ? [b, n, k] : [b, k, n]);
      const label = `${b}x${m}x${n}x${k} ta=${ta} tb=${tb}`;
      const r = onBoth(() => tf.matMul(a, bb, ta, tb));
      assertClose(r.native[0], r.cpu[0], `matMul ${label}`);
      const bias = rand([n]);
      const fused = onBoth(() => tf.fused.matMul({ a, b: bb, transposeA: ta, transposeB: tb, bias, activation: 'leakyrelu', leakyreluAlpha: 0.1 }));
      assertClose(fused.native[0], fused.cpu[0], `fused matMul ${label}`);
      tf.dispose([a, bb, bias]);
    }
  }
  const a = rand([4, 6, 5]), shared = rand([5, 3]);
  const r = onBoth(() => tf.matMul(a, shared));
  assertClose(r.native[0], r.cpu[0], 'broadcast b');
  const r2 = onBoth(() => tf.matMul(shared.transpose(), a.transpose([0, 2, 1])));
  assertClose(r2.native[0], r2.cpu[0], 'broadcast a');
  tf.dispose([a, shared]);
});

test('activations, binary ops and reductions match cpu', () => {
  const x = rand([3, 5, 7, 11]), y = rand([3, 5, 7, 11]), row = rand([11]), scalar = tf.scalar(0.75);
  const pos = tf.tidy(() => y.abs().add(0.5));
  const unary = onBoth(() => [tf.relu(x), tf.relu6(x.mul(10)), tf.leakyRelu(x, 0.1), tf.sigmoid(x), tf.tanh(x), tf.neg(x), tf.step(x), tf.step(x, 0.3),
    tf.grad((v: tf.Tensor) => tf.relu(v).mul(y).sum())(x)]);
  unary.native.forEach((v, i) => assertClose(v, unary.cpu[i], `unary ${i}`, 1e-5, 1e-6));
  const bin = onBoth(() => [
    tf.add(x, y), tf.sub(x, y), tf.mul(x, y), tf.div(x, pos),
    tf.add(x, row), tf.sub(row, x), tf.mul(x, scalar), tf.div(scalar, pos), tf.sub(x, scalar),
  ]);
  bin.native.forEach((v, i) => assertClose(v, bin.cpu[i], `binary ${i}`, 1e-5, 1e-6));
  const red = onBoth(() => [
    tf.sum(x), tf.sum(x, -1), tf.sum(x, [0, 1, 2]), tf.sum(x, [1, 2], true), tf.mean(x, [2, 3]), tf.mean(x, 0),
    tf.max(x, -1), tf.max(x, [0, 1]), tf.max(x, 2, true), tf.sum(x, [0, 2]),
  ]);
  red.native.forEach((v, i) => assertClose(v, red.cpu[i], `reduce ${i}`, 1e-5, 1e-5));
  const layout = onBoth(() => [
    x.transpose([0, 2, 1, 3]), x.transpose([3, 1, 0, 2]), x.transpose(), x.reshape([15, 7, 11]).transpose([1, 0, 2]),
    tf.where(tf.greater(x, 0), x, tf.mul(x, 0.1)), tf.where(tf.greater(x, y), y, x), tf.where(tf.greater(x, row), row, x),
    tf.zerosLike(x).add(1), tf.cast(tf.greater(0.2, x), 'float32'),
  ]);
  layout.native.forEach((v, i) => assertClose(v, layout.cpu[i], `layout/select ${i}`, 0, 0));
  // int32 inputs fall back to the cpu kernels (and keep their dtype).
  tf.setBackend(BACKEND_NAME);
  const ints = tf.tensor([1, 2, 3, 4], [2, 2], 'int32');
  const s = tf.sum(ints, 1);
  assert.equal(s.dtype, 'int32');
  assert.deepEqual(Array.from(s.dataSync()), [3, 7]);
  tf.dispose([x, y, row, scalar, pos, ints, s]);
});

test("core's LeakyRelu gradient runs the fused native kernel and equals tfjs's formula on cpu", () => {
  registerLeakyReluGradient();
  const x = tf.tensor(Float32Array.from(randomValues(3 * 50 * 7, 91), (v, i) => (i % 17 === 0 ? 0 : v)), [3, 50, 7]), dy = rand([3, 50, 7]);
  const r = onBoth(() => [tf.grad((v: tf.Tensor) => tf.leakyRelu(v, 0.1).mul(dy).sum())(x), tf.grad((v: tf.Tensor) => tf.leakyRelu(v, 0.3).sum())(x)]);
  r.native.forEach((v, i) => assertClose(v, r.cpu[i], `leakyRelu gradient ${i}`, 0, 0));
  assert.ok(NATIVE_KERNELS.includes('FaceforgeLeakyReluGrad'));
  tf.dispose([x, dy]);
});

test("MirrorPad matches cpu, and core's MirrorPad gradient runs the native kernel and equals the gradient of the pad as gathers", () => {
  registerMirrorPadGradient();
  assert.ok(NATIVE_KERNELS.includes('MirrorPad') && NATIVE_KERNELS.includes('FaceforgeMirrorPadGrad'));
  // gather along each padded axis: the same pad, differentiated by tfjs's own Gather gradient
  const byGather = (x: tf.Tensor, paddings: Array<[number, number]>, mode: 'reflect' | 'symmetric') => paddings.reduce((t, [b, a], axis) => {
    const n = x.shape[axis]!, sym = mode === 'symmetric' ? 1 : 0;
    const indices = Array.from({ length: b + n + a }, (_, p) => (p < b ? b - p - sym : p >= b + n ? 2 * (n - 1) - (p - b) + sym : p - b));
    return b + a === 0 ? t : tf.gather(t, indices, axis);
  }, x);
  const cases: Array<{ shape: number[]; paddings: Array<[number, number]> }> = [
    { shape: [2, 16, 16, 5], paddings: [[0, 0], [1, 2], [1, 2], [0, 0]] }, // ReflectionPadding2D before a k5 s2 conv
    { shape: [2, 9, 7, 3], paddings: [[0, 0], [1, 1], [1, 1], [0, 0]] }, // k3 s1, odd sizes
    { shape: [3, 5, 4], paddings: [[2, 0], [0, 3], [1, 2]] }, // every axis, the innermost too
    { shape: [6], paddings: [[4, 5]] },
  ];
  for (const { shape, paddings } of cases) {
    for (const mode of ['reflect', 'symmetric'] as const) {
      if (mode === 'reflect' && shape.length === 1) continue; // reflect allows at most n - 1
      const x = rand(shape), w = rand(shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]));
      const label = `${mode} [${shape}] ${JSON.stringify(paddings)}`;
      const r = onBoth(() => [tf.mirrorPad(x, paddings, mode), tf.grad((t: tf.Tensor) => tf.mirrorPad(t, paddings, mode).mul(w).sum())(x)]);
      assertClose(r.native[0]!, r.cpu[0]!, `${label} forward`, 0, 0);
      const want = onBoth(() => tf.grad((t: tf.Tensor) => byGather(t, paddings, mode).mul(w).sum())(x));
      assertClose(r.native[1]!, want.cpu[0]!, `${label} gradient (native kernel)`);
      assertClose(r.cpu[1]!, want.cpu[0]!, `${label} gradient (tfjs ops on cpu)`);
      tf.dispose([x, w]);
    }
  }
});

test('a small conv net has the same gradients (tf.variableGrads) on native and cpu', () => {
  const shapes: Record<string, number[]> = {
    w1: [5, 5, 3, 8], b1: [8], w2: [3, 3, 8, 16], b2: [16], w3: [1, 1, 16, 4], d: [4 * 4 * 4, 10], db: [10],
  };
  const init = Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, randomValues(s.reduce((a, b) => a * b, 1), 1000 + k.length * 7 + s[0])]));
  const input = randomValues(2 * 15 * 15 * 3, 77), target = randomValues(2 * 10, 78);
  const gradsOn = (backend: string) => {
    tf.setBackend(backend);
    const vars = Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, tf.variable(tf.tensor(init[k].map((v) => v * 0.3), s), true, `net-${backend}-${k}`)]));
    const x = tf.tensor4d(input, [2, 15, 15, 3]), t = tf.tensor2d(target, [2, 10]);
    const { value, grads } = tf.variableGrads(() => {
      let h = tf.fused.conv2d({ x, filter: vars.w1 as tf.Tensor4D, strides: 2, pad: 'same', bias: vars.b1, activation: 'leakyrelu', leakyreluAlpha: 0.1 });
      h = tf.fused.conv2d({ x: h, filter: vars.w2 as tf.Tensor4D, strides: 2, pad: 'same', bias: vars.b2, activation: 'relu' });
      h = tf.conv2d(h, vars.w3 as tf.Tensor4D, 1, 'valid');
      const flat = h.reshape([2, 4 * 4 * 4]);
      const out = tf.sigmoid(tf.fused.matMul({ a: flat, b: vars.d as tf.Tensor2D, bias: vars.db }));
      return tf.losses.absoluteDifference(t, out) as tf.Scalar;
    }, Object.values(vars));
    const result = { loss: value.dataSync()[0], grads: Object.fromEntries(Object.keys(shapes).map((k) => [k, grads[`net-${backend}-${k}`].dataSync() as Float32Array])) };
    tf.dispose([value, x, t, ...Object.values(grads), ...Object.values(vars)]);
    return result;
  };
  const cpu = gradsOn('cpu'), native = gradsOn(BACKEND_NAME);
  assert.ok(Math.abs(cpu.loss - native.loss) <= 1e-5, `loss ${native.loss} vs ${cpu.loss}`);
  for (const k of Object.keys(shapes)) {
    assert.ok(cpu.grads[k].some((v) => v !== 0), `${k} has a non-zero gradient`);
    assertClose(native.grads[k], cpu.grads[k], `grad ${k}`, 1e-4, 1e-6);
  }
});
