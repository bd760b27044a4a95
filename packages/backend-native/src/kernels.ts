import * as tf from '@tensorflow/tfjs';
import { ACT, UNARY, type NativeAddon } from './addon.js';
import type { NativeBackend } from './native-backend.js';

type TensorInfo = tf.TensorInfo;
type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };
type NativeFunc = (args: KernelArgs, native: NativeAddon, backend: NativeBackend) => TensorInfo | TensorInfo[] | null;

const BACKEND = 'native';

/** The tensor's own Float32Array (no copy), or null when it is not a plain float32 tensor. */
function f32(backend: NativeBackend, t: TensorInfo | undefined): Float32Array | null {
  if (t == null || t.dtype !== 'float32') return null;
  const values = backend.data.get(t.dataId)?.values;
  return values instanceof Float32Array ? values : null;
}

function out(backend: NativeBackend, shape: number[], values: Float32Array): TensorInfo {
  return backend.makeTensorInfo(shape, 'float32', values);
}

/** An output array whose every element the kernel writes (it may be recycled, not zeroed). */
const alloc = (backend: NativeBackend, length: number) => backend.pool.take(length);

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function activationCode(activation: unknown): number | null {
  if (activation == null) return ACT.linear;
  const code = (ACT as Record<string, number>)[String(activation)];
  return code === undefined ? null : code; // 'prelu' and 'elu' stay on the cpu path
}

type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** Shapes of a dilation-1 NHWC convolution (depthwise: filter [KH,KW,C,M], C*M output channels), else null. */
function convInfo(xShape: number[], filterShape: number[], attrs: tf.NamedAttrMap, depthwise: boolean): Conv2DInfo | null {
  const dataFormat = (attrs.dataFormat as 'NHWC' | 'NCHW' | undefined) ?? 'NHWC';
  if (dataFormat !== 'NHWC' || xShape.length !== 4 || filterShape.length !== 4) return null;
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs.strides as [number, number], (attrs.dilations ?? 1) as [number, number],
    attrs.pad as 'same' | 'valid', attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined, depthwise, 'channelsLast');
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  const dims = convDims(info);
  if (dims.slice(0, 11).some((v) => !(v > 0))) return null;
  return info;
}

function convDims(c: Conv2DInfo): number[] {
  return [c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.filterHeight, c.filterWidth, c.outChannels,
    c.outHeight, c.outWidth, c.strideHeight, c.strideWidth, c.padInfo.top, c.padInfo.left];
}

/** A bias that is one value per output channel (shape [C] or [1,..,1,C]), else null. */
function channelBias(backend: NativeBackend, bias: TensorInfo | undefined, channels: number): Float32Array | null | undefined {
  if (bias == null) return undefined;
  const values = f32(backend, bias);
  if (values == null || size(bias.shape) !== channels || (bias.shape.length > 0 && bias.shape[bias.shape.length - 1] !== channels)) return null;
  return values;
}

/** FaceforgeLeakyReluGrad (core's backend/leaky-relu-grad.ts): dx = x > 0 ? dy : alpha·dy in one pass. */
const leakyReluGrad: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
  const dyv = f32(backend, dy), xv = f32(backend, x);
  if (!dyv || !xv || dyv.length !== xv.length) return null;
  const y = alloc(backend, dyv.length);
  native.binary(5, dyv, xv, y, y.length, 0, 0, Number(attrs.alpha));
  return out(backend, dy.shape, y);
};

/** Conv2D / FusedConv2D, or with `depthwise` DepthwiseConv2dNative / FusedDepthwiseConv2D. */
function convForward(depthwise: boolean): NativeFunc {
  return ({ inputs, attrs = {} }, native, backend) => {
    const { x, filter, bias } = inputs as { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo };
    const xv = f32(backend, x), wv = f32(backend, filter);
    if (!xv || !wv) return null;
    const act = activationCode(attrs.activation);
    if (act === null) return null;
    const info = convInfo(x.shape, filter.shape, attrs, depthwise);
    if (!info) return null;
    const b = channelBias(backend, bias, info.outChannels);
    if (b === null) return null;
    const y = alloc(backend, size(info.outShape));
    native.conv2d(xv, wv, y, convDims(info), b ?? null, act, Number(attrs.leakyreluAlpha ?? 0.2), depthwise);
    return out(backend, info.outShape, y);
  };
}

function convBackpropInput(depthwise: boolean): NativeFunc {
  return ({ inputs, attrs = {} }, native, backend) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const dyv = f32(backend, dy), wv = f32(backend, filter);
    if (!dyv || !wv) return null;
    const inputShape = attrs.inputShape as number[];
    const info = convInfo(inputShape, filter.shape, attrs, depthwise);
    if (!info || !tf.util.arraysEqual(info.outShape, dy.shape)) return null;
    const dx = alloc(backend, size(inputShape));
    native.conv2dBackpropInput(dyv, wv, dx, convDims(info), depthwise);
    return out(backend, inputShape, dx);
  };
}

function convBackpropFilter(depthwise: boolean): NativeFunc {
  return ({ inputs, attrs = {} }, native, backend) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const xv = f32(backend, x), dyv = f32(backend, dy);
    if (!xv || !dyv) return null;
    const filterShape = attrs.filterShape as number[];
    const info = convInfo(x.shape, filterShape, attrs, depthwise);
    if (!info || !tf.util.arraysEqual(info.outShape, dy.shape)) return null;
    const dw = alloc(backend, size(filterShape));
    native.conv2dBackpropFilter(xv, dyv, dw, convDims(info), depthwise);
    return out(backend, filterShape, dw);
  };
}

function poolInfo(xShape: number[], attrs: tf.NamedAttrMap): Conv2DInfo | null {
  if (xShape.length !== 4 || size(xShape) === 0) return null;
  const info = tf.backend_util.computePool2DInfo(xShape as [number, number, number, number], attrs.filterSize as [number, number],
    attrs.strides as [number, number], 1, attrs.pad as 'same' | 'valid', attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined);
  return size(info.outShape) > 0 ? info : null;
}

const maxPool: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { x } = inputs as { x: TensorInfo };
  const xv = f32(backend, x);
  const info = xv ? poolInfo(x.shape, attrs) : null;
  if (!xv || !info) return null;
  const y = alloc(backend, size(info.outShape));
  native.maxPool(xv, y, convDims(info));
  return out(backend, info.outShape, y);
};

const maxPoolGrad: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const dyv = f32(backend, dy), xv = f32(backend, input);
  const info = dyv && xv ? poolInfo(input.shape, attrs) : null;
  if (!dyv || !xv || !info || !tf.util.arraysEqual(info.outShape, dy.shape)) return null;
  const dx = alloc(backend, xv.length);
  native.maxPoolGrad(dyv, xv, dx, convDims(info));
  return out(backend, input.shape, dx);
};

const resizeBilinear: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { images } = inputs as { images: TensorInfo };
  const xv = f32(backend, images);
  const [outH, outW] = attrs.size as [number, number];
  if (!xv || images.shape.length !== 4 || xv.length === 0 || !(outH > 0 && outW > 0)) return null;
  const [n, h, w, c] = images.shape as [number, number, number, number];
  const y = alloc(backend, n * outH * outW * c);
  native.resizeBilinear(xv, y, n, h, w, c, outH, outW, Boolean(attrs.alignCorners), Boolean(attrs.halfPixelCenters));
  return out(backend, [n, outH, outW, c], y);
};

const matmul: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { a, b, bias } = inputs as { a: TensorInfo; b: TensorInfo; bias?: TensorInfo };
  const av = f32(backend, a), bv = f32(backend, b);
  if (!av || !bv || a.shape.length < 2 || b.shape.length < 2) return null;
  const act = activationCode(attrs.activation);
  if (act === null) return null;
  const ta = Boolean(attrs.transposeA), tb = Boolean(attrs.transposeB);
  const ar = a.shape.length, br = b.shape.length;
  const M = ta ? a.shape[ar - 1] : a.shape[ar - 2], K = ta ? a.shape[ar - 2] : a.shape[ar - 1];
  const Kb = tb ? b.shape[br - 1] : b.shape[br - 2], N = tb ? b.shape[br - 2] : b.shape[br - 1];
  if (K !== Kb) return null; // let the cpu kernel raise its error
  const outerA = a.shape.slice(0, -2), outerB = b.shape.slice(0, -2);
  const batchA = size(outerA), batchB = size(outerB);
  let outer: number[];
  if (tf.util.arraysEqual(outerA, outerB)) outer = outerA;
  else if (batchB === 1 && outerB.length <= outerA.length) outer = outerA;
  else if (batchA === 1 && outerA.length <= outerB.length) outer = outerB;
  else return null;
  const batch = Math.max(batchA, batchB);
  const biasValues = channelBias(backend, bias, N);
  if (biasValues === null) return null;
  const c = alloc(backend, batch * M * N);
  if (c.length > 0) {
    native.matmul(av, bv, c, batch, M, N, K, ta, tb, batchA === 1 ? 0 : M * K, batchB === 1 ? 0 : K * N,
      biasValues ?? null, act, Number(attrs.leakyreluAlpha ?? 0.2));
  }
  return out(backend, [...outer, M, N], c);
};

/** op as in addon.unary(); alpha and beta are read from these attrs. */
function unaryKernel(op: number, alphaAttr?: string, betaAttr?: string): NativeFunc {
  return ({ inputs, attrs = {} }, native, backend) => {
    const { x } = inputs as { x: TensorInfo };
    const xv = f32(backend, x);
    if (!xv) return null;
    const y = alloc(backend, xv.length);
    native.unary(op, xv, y, alphaAttr ? Number(attrs[alphaAttr]) : 0, betaAttr ? Number(attrs[betaAttr]) : 0);
    return out(backend, x.shape, y);
  };
}

/**
 * FusedBatchNorm (inference): y = (x − mean)·scale/√(variance + ε) + offset folds, per channel, into
 * y = x·a + b: a and b are computed here (one value per channel), then one multiply and one add pass.
 */
const batchNorm: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { x, mean, variance, offset, scale } = inputs as Record<string, TensorInfo | undefined>;
  const xv = f32(backend, x);
  if (!x || !xv || x.shape.length === 0 || xv.length === 0) return null;
  const channels = x.shape[x.shape.length - 1]!;
  /** A per-channel parameter (a scalar or one value per channel), else null. */
  const perChannel = (t: TensorInfo | undefined, fallback: number): ((c: number) => number) | null => {
    if (t == null) return () => fallback;
    const v = f32(backend, t);
    if (!v || (v.length !== 1 && (v.length !== channels || t.shape[t.shape.length - 1] !== channels))) return null;
    return v.length === 1 ? () => v[0]! : (c) => v[c]!;
  };
  const m = perChannel(mean, 0), s = perChannel(scale, 1), o = perChannel(offset, 0), v = perChannel(variance, 1);
  if (!m || !s || !o || !v) return null;
  const eps = Number(attrs.varianceEpsilon ?? 0.001);
  const a = new Float32Array(channels), b = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    a[c] = s(c) / Math.sqrt(v(c) + eps);
    b[c] = o(c) - m(c) * a[c]!;
  }
  const y = alloc(backend, xv.length);
  native.binary(2, xv, a, y, y.length, 3, channels);
  native.binary(0, y, b, y, y.length, 3, channels);
  return out(backend, x.shape, y);
};

/** How b (or a) broadcasts against the other operand in the simple C++ loops; null = use the general strided one. */
function broadcastMode(a: TensorInfo, b: TensorInfo): { mode: number; shape: number[]; inner: number } | null {
  const na = size(a.shape), nb = size(b.shape);
  const last = (s: number[]) => (s.length ? s[s.length - 1] : 1);
  // The vector operand must broadcast along the last axis only, with rank <= the other's.
  const isRowOf = (v: number[], full: number[]) =>
    v.length <= full.length && v.length > 0 && last(v) === last(full) && size(v) === last(full);
  if (tf.util.arraysEqual(a.shape, b.shape)) return { mode: 0, shape: a.shape, inner: 0 };
  if (nb === 1 && b.shape.length <= a.shape.length) return { mode: 1, shape: a.shape, inner: 0 };
  if (na === 1 && a.shape.length <= b.shape.length) return { mode: 2, shape: b.shape, inner: 0 };
  if (isRowOf(b.shape, a.shape)) return { mode: 3, shape: a.shape, inner: last(a.shape) };
  if (isRowOf(a.shape, b.shape)) return { mode: 4, shape: b.shape, inner: last(b.shape) };
  return null;
}

/** op as in kernels.h binary(); `names` are the kernel's two input names. */
function binaryKernel(op: number, names: [string, string] = ['a', 'b']): NativeFunc {
  return ({ inputs }, native, backend) => {
    const a = inputs[names[0]] as TensorInfo, b = inputs[names[1]] as TensorInfo;
    const av = f32(backend, a), bv = f32(backend, b);
    if (!av || !bv) return null;
    const bc = broadcastMode(a, b);
    if (bc) {
      if (size(bc.shape) === 0) return null;
      const y = alloc(backend, size(bc.shape));
      native.binary(op, av, bv, y, y.length, bc.mode, bc.inner);
      return out(backend, bc.shape, y);
    }
    const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    if (shape.length > 8 || size(shape) === 0) return null;
    const y = alloc(backend, size(shape));
    native.binaryBroadcast(op, av, bv, y, shape, broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape));
    return out(backend, shape, y);
  };
}

/** An operand's strides along each axis of the broadcast output shape: 0 where it repeats. */
function broadcastStrides(shape: number[], outShape: number[]): number[] {
  const padded = [...Array<number>(outShape.length - shape.length).fill(1), ...shape];
  const strides = new Array<number>(outShape.length);
  let stride = 1;
  for (let i = outShape.length - 1; i >= 0; i--) {
    strides[i] = padded[i] === 1 && outShape[i] !== 1 ? 0 : stride;
    stride *= padded[i]!;
  }
  return strides;
}

const greater: NativeFunc = ({ inputs }, native, backend) => {
  const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
  const av = f32(backend, a), bv = f32(backend, b);
  const bc = av && bv ? broadcastMode(a, b) : null;
  if (!av || !bv || !bc || size(bc.shape) === 0) return null;
  const y = new Uint8Array(size(bc.shape));
  native.greater(av, bv, y, y.length, bc.mode, bc.inner);
  return backend.makeTensorInfo(bc.shape, 'bool', y);
};

const select: NativeFunc = ({ inputs }, native, backend) => {
  const { condition, t, e } = inputs as { condition: TensorInfo; t: TensorInfo; e: TensorInfo };
  const tv = f32(backend, t), ev = f32(backend, e);
  const cv = backend.data.get(condition.dataId)?.values;
  if (!tv || !ev || condition.dtype !== 'bool' || !(cv instanceof Uint8Array)) return null;
  if (!tf.util.arraysEqual(condition.shape, t.shape) || !tf.util.arraysEqual(t.shape, e.shape)) return null;
  const y = alloc(backend, tv.length);
  native.select(cv, tv, ev, y);
  return out(backend, t.shape, y);
};

const transpose: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { x } = inputs as { x: TensorInfo };
  const xv = f32(backend, x);
  const perm = attrs.perm as number[];
  if (!xv || x.shape.length === 0 || x.shape.length > 8 || perm.length !== x.shape.length) return null;
  const shape = perm.map((p) => x.shape[p]);
  const y = alloc(backend, xv.length);
  if (y.length > 0) native.transpose(xv, y, x.shape, perm);
  return out(backend, shape, y);
};

/**
 * DepthToSpace (NHWC) is a transpose: [N,H,W,b,b,C'] -> [N,H,b,W,b,C'] read as [N,H*b,W*b,C'] (pixel
 * shuffle). Core registers its gradient as the inverse, SpaceToDepth, built from reshape + transpose.
 */
const depthToSpace: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { x } = inputs as { x: TensorInfo };
  const xv = f32(backend, x);
  const b = Number(attrs.blockSize);
  if (!xv || attrs.dataFormat === 'NCHW' || x.shape.length !== 4 || !(b >= 1) || x.shape[3] % (b * b) !== 0 || xv.length === 0) return null;
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const y = alloc(backend, xv.length);
  native.transpose(xv, y, [n, h, w, b, b, c / (b * b)], [0, 1, 3, 2, 4, 5]);
  return out(backend, [n, h * b, w * b, c / (b * b)], y);
};

/** A strided Slice (contiguous ones stay on cpu: there they are a zero-copy view). */
const slice: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { x } = inputs as { x: TensorInfo };
  const xv = f32(backend, x);
  if (!xv || x.shape.length === 0 || x.shape.length > 8) return null;
  const [begin, sizes] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin as number[], attrs.size as number[]);
  tf.slice_util.assertParamsValid(x as tf.Tensor, begin, sizes);
  if (tf.slice_util.isSliceContinous(x.shape, begin, sizes) || size(sizes) === 0) return null;
  const y = alloc(backend, size(sizes));
  native.copyRegion(xv, x.shape, begin, y, sizes, sizes.map(() => 0), sizes, null);
  return out(backend, sizes, y);
};

/** SplitV: each output is a box of x along the axis. */
const splitV: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { x } = inputs as { x: TensorInfo };
  const xv = f32(backend, x);
  if (!xv || x.shape.length === 0 || x.shape.length > 8) return null;
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0]!;
  const sizes = tf.backend_util.prepareSplitSize(x, attrs.numOrSizeSplits as number[] | number, axis);
  let offset = 0;
  return sizes.map((length) => {
    const shape = x.shape.map((d, i) => (i === axis ? length : d));
    const begin = x.shape.map((_, i) => (i === axis ? offset : 0));
    offset += length;
    const y = alloc(backend, size(shape));
    if (y.length > 0) native.copyRegion(xv, x.shape, begin, y, shape, shape.map(() => 0), shape, null);
    return out(backend, shape, y);
  });
};

/** Reverse along one axis other than the innermost: one box copy per index along it. */
const reverse: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { x } = inputs as { x: TensorInfo };
  const xv = f32(backend, x);
  if (!xv || x.shape.length < 2 || x.shape.length > 8 || xv.length === 0) return null;
  const axes = [...new Set(tf.util.parseAxisParam(attrs.dims as number | number[], x.shape))].filter((a) => x.shape[a]! > 1);
  if (axes.length !== 1 || axes[0] === x.shape.length - 1) return null;
  const axis = axes[0]!, length = x.shape[axis]!;
  const y = alloc(backend, xv.length);
  const box = x.shape.map((d, i) => (i === axis ? 1 : d));
  const at = (index: number) => x.shape.map((_, i) => (i === axis ? index : 0));
  for (let i = 0; i < length; i++) native.copyRegion(xv, x.shape, at(i), y, x.shape, at(length - 1 - i), box, null);
  return out(backend, x.shape, y);
};

/** Concat: each input is copied into its box of the output. */
const concat: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const parts = Object.values(inputs) as TensorInfo[];
  const values = parts.map((t) => f32(backend, t));
  if (parts.length === 0 || values.some((v) => v === null) || parts[0]!.shape.length === 0 || parts[0]!.shape.length > 8) return null;
  const axis = tf.util.parseAxisParam(attrs.axis as number, parts[0]!.shape)[0]!;
  const shapes = parts.map((t) => t.shape);
  tf.backend_util.assertParamsConsistent(shapes, axis);
  const shape = tf.backend_util.computeOutShape(shapes, axis);
  if (size(shape) === 0) return null;
  const y = alloc(backend, size(shape));
  let offset = 0;
  parts.forEach((t, i) => {
    const begin = shape.map((_, k) => (k === axis ? offset : 0));
    offset += t.shape[axis]!;
    if (size(t.shape) > 0) native.copyRegion(values[i]!, t.shape, t.shape.map(() => 0), y, shape, begin, t.shape, null);
  });
  return out(backend, shape, y);
};

/** PadV2: fill with the constant, then copy x in at the leading paddings. */
const pad: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { x } = inputs as { x: TensorInfo };
  const xv = f32(backend, x);
  const paddings = attrs.paddings as Array<[number, number]>;
  if (!xv || x.shape.length === 0 || x.shape.length > 8 || paddings.some(([b, a]) => b < 0 || a < 0)) return null;
  const shape = x.shape.map((d, i) => paddings[i]![0] + d + paddings[i]![1]);
  const y = alloc(backend, size(shape));
  if (y.length === 0) return null;
  native.copyRegion(xv, x.shape, x.shape.map(() => 0), y, shape, paddings.map(([before]) => before), x.shape, Number(attrs.constantValue ?? 0));
  return out(backend, shape, y);
};

/** Zeros in an array the backend owns, so optimizer slots created from it can be updated in place. */
const zerosLike: NativeFunc = ({ inputs }, _native, backend) => {
  const { x } = inputs as { x: TensorInfo };
  if (x.dtype !== 'float32') return null;
  return out(backend, x.shape, backend.pool.takeZeroed(size(x.shape)));
};

function reduceKernel(op: number, mean: boolean): NativeFunc {
  return ({ inputs, attrs = {} }, native, backend) => {
    const { x } = inputs as { x: TensorInfo };
    const xv = f32(backend, x);
    if (!xv || x.shape.length === 0) return null;
    // Sum/Mean name the attr `axis`, Max names it `reductionIndices`.
    const axisAttr = (attrs.axis ?? attrs.reductionIndices) as number | number[];
    const axes = tf.util.parseAxisParam(axisAttr, x.shape).sort((p, q) => p - q);
    if (axes.length === 0 || axes.some((ax, i) => ax !== axes[0] + i)) return null; // contiguous block only
    const pre = size(x.shape.slice(0, axes[0]));
    const red = size(x.shape.slice(axes[0], axes[axes.length - 1] + 1));
    const post = size(x.shape.slice(axes[axes.length - 1] + 1));
    if (red === 0) return null;
    const shape = attrs.keepDims
      ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
      : x.shape.filter((_, i) => !axes.includes(i));
    const y = alloc(backend, pre * post);
    native.reduce(op, xv, y, pre, red, post, mean ? 1 / red : 1);
    return out(backend, shape, y);
  };
}

/**
 * Where an optimizer writes a slot's new value: into the input's own array when the variable is the
 * only tensor on it and the array never left the backend (no reader can see the change), else a new one.
 */
function updateTarget(backend: NativeBackend, t: TensorInfo, values: Float32Array): Float32Array {
  if (!backend.canOverwrite(t.dataId)) return alloc(backend, values.length);
  backend.pool.shareInPlace(values); // the old tensor and the returned one both reference it until assign()
  return values;
}

function adamKernel(adabelief: boolean): NativeFunc {
  return ({ inputs, attrs = {} }, native, backend) => {
    const slot = adabelief ? 's' : 'v';
    const { param, grad, m } = inputs as Record<string, TensorInfo>;
    const second = inputs[slot] as TensorInfo;
    const p = f32(backend, param), g = f32(backend, grad), mv = f32(backend, m), vv = f32(backend, second);
    if (!p || !g || !mv || !vv || g.length !== p.length || mv.length !== p.length || vv.length !== p.length) {
      throw new Error(`native ${adabelief ? 'FaceforgeAdaBeliefUpdate' : 'FaceforgeAdamUpdate'}: inputs must be float32 tensors of one shape`);
    }
    const po = updateTarget(backend, param, p), mo = updateTarget(backend, m, mv), vo = updateTarget(backend, second, vv);
    native.adam(p, g, mv, vv, po, mo, vo, Number(attrs.lr), Number(attrs.beta1), Number(attrs.beta2), Number(attrs.epsilon), Number(attrs.step), adabelief);
    return [out(backend, param.shape, po), out(backend, param.shape, mo), out(backend, param.shape, vo)];
  };
}

const rmspropKernel: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { param, grad, ms } = inputs as Record<string, TensorInfo>;
  const p = f32(backend, param), g = f32(backend, grad), msv = f32(backend, ms);
  if (!p || !g || !msv || g.length !== p.length || msv.length !== p.length) {
    throw new Error('native FaceforgeRMSpropUpdate: inputs must be float32 tensors of one shape');
  }
  const po = updateTarget(backend, param, p), mso = updateTarget(backend, ms, msv);
  native.rmsprop(p, g, msv, po, mso, Number(attrs.lr), Number(attrs.rho), Number(attrs.epsilon));
  return [out(backend, param.shape, po), out(backend, param.shape, mso)];
};

const NATIVE: Record<string, NativeFunc> = {
  Conv2D: convForward(false),
  FusedConv2D: convForward(false),
  Conv2DBackpropInput: convBackpropInput(false),
  Conv2DBackpropFilter: convBackpropFilter(false),
  DepthwiseConv2dNative: convForward(true),
  FusedDepthwiseConv2D: convForward(true),
  DepthwiseConv2dNativeBackpropInput: convBackpropInput(true),
  DepthwiseConv2dNativeBackpropFilter: convBackpropFilter(true),
  BatchMatMul: matmul,
  _FusedMatMul: matmul,
  Relu: unaryKernel(ACT.relu),
  Relu6: unaryKernel(ACT.relu6),
  LeakyRelu: unaryKernel(ACT.leakyrelu, 'alpha'),
  Sigmoid: unaryKernel(ACT.sigmoid),
  Tanh: unaryKernel(ACT.tanh),
  ClipByValue: unaryKernel(UNARY.clip, 'clipValueMin', 'clipValueMax'),
  Neg: unaryKernel(UNARY.neg),
  Step: unaryKernel(UNARY.step, 'alpha'),
  FusedBatchNorm: batchNorm,
  Add: binaryKernel(0),
  Sub: binaryKernel(1),
  Multiply: binaryKernel(2),
  RealDiv: binaryKernel(3),
  Prelu: binaryKernel(4, ['x', 'alpha']),
  Greater: greater,
  Select: select,
  Transpose: transpose,
  DepthToSpace: depthToSpace,
  MaxPool: maxPool,
  ResizeBilinear: resizeBilinear,
  MaxPoolGrad: maxPoolGrad,
  Slice: slice,
  PadV2: pad,
  SplitV: splitV,
  Concat: concat,
  Reverse: reverse,
  ZerosLike: zerosLike,
  Sum: reduceKernel(0, false),
  Mean: reduceKernel(0, true),
  Max: reduceKernel(1, false),
  FaceforgeLeakyReluGrad: leakyReluGrad,
  FaceforgeAdamUpdate: adamKernel(false),
  FaceforgeAdaBeliefUpdate: adamKernel(true),
  FaceforgeRMSpropUpdate: rmspropKernel,
};

/**
 * Runs one of the cpu backend's kernels on 'native'. Some return a view of an input's array (a
 * contiguous Slice is a subarray): such an input has escaped and must never be recycled.
 */
export function runCpuKernel(kernelName: string, args: KernelArgs): ReturnType<tf.KernelFunc> {
  const cpu = tf.getKernel(kernelName, 'cpu');
  if (!cpu) throw new Error(`native: no cpu fallback for ${kernelName}`);
  const result = cpu.kernelFunc(args as Parameters<tf.KernelFunc>[0]);
  const backend = args.backend as NativeBackend;
  const outputs = (Array.isArray(result) ? result : [result]) as TensorInfo[];
  for (const output of outputs) {
    const produced = backend.data.get(output.dataId)?.values as { buffer?: unknown } | undefined;
    if (!produced?.buffer) continue;
    for (const input of Object.values(args.inputs)) {
      // The same dataId (Reshape, Identity) is counted by refCount; a new one over the same memory is not.
      if (!input || input.dataId === output.dataId) continue;
      const consumed = backend.data.get(input.dataId)?.values;
      if (consumed instanceof Float32Array && consumed.buffer === produced.buffer) backend.pool.escape(consumed);
    }
  }
  return result;
}

/**
 * Kernel configs for the 'native' backend. Each native function returns null for cases it does not
 * handle (other dtypes, NCHW, dilation, prelu/elu, unusual broadcasts), which then run on the cpu
 * backend's own kernel with the same arguments.
 */
export function nativeKernelConfigs(native: NativeAddon): tf.KernelConfig[] {
  return Object.entries(NATIVE).map(([kernelName, fn]) => ({
    kernelName,
    backendName: BACKEND,
    kernelFunc: ((args: KernelArgs) => fn(args, native, args.backend as NativeBackend) ?? runCpuKernel(kernelName, args)) as tf.KernelFunc,
  }));
}
