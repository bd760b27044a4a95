// Elementwise kernels: activations, their fused gradient, broadcasting arithmetic, comparisons, batch norm.
import * as tf from '@tensorflow/tfjs';
import { ACT, BINARY, BROADCAST, UNARY } from '../addon.js';
import { alloc, f32, out, size, type NativeFunc, type TensorInfo } from './native-func.js';

/** FaceforgeLeakyReluGrad (core's backend/leaky-relu-grad.ts): dx = x > 0 ? dy : alpha·dy in one pass. */
const leakyReluGrad: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
  const dyv = f32(backend, dy), xv = f32(backend, x);
  if (!dyv || !xv || dyv.length !== xv.length) return null;
  const y = alloc(backend, dyv.length);
  native.binary(BINARY.leakyReluGrad, dyv, xv, y, y.length, BROADCAST.same, 0, Number(attrs.alpha));
  return out(backend, dy.shape, y);
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
  native.binary(BINARY.mul, xv, a, y, y.length, BROADCAST.rowB, channels);
  native.binary(BINARY.add, y, b, y, y.length, BROADCAST.rowB, channels);
  return out(backend, x.shape, y);
};

/** How b (or a) broadcasts against the other operand in the simple C++ loops; null = use the general strided one. */
function broadcastMode(a: TensorInfo, b: TensorInfo): { mode: number; shape: number[]; inner: number } | null {
  const na = size(a.shape), nb = size(b.shape);
  const last = (s: number[]) => (s.length ? s[s.length - 1] : 1);
  // The vector operand must broadcast along the last axis only, with rank <= the other's.
  const isRowOf = (v: number[], full: number[]) =>
    v.length <= full.length && v.length > 0 && last(v) === last(full) && size(v) === last(full);
  if (tf.util.arraysEqual(a.shape, b.shape)) return { mode: BROADCAST.same, shape: a.shape, inner: 0 };
  if (nb === 1 && b.shape.length <= a.shape.length) return { mode: BROADCAST.scalarB, shape: a.shape, inner: 0 };
  if (na === 1 && a.shape.length <= b.shape.length) return { mode: BROADCAST.scalarA, shape: b.shape, inner: 0 };
  if (isRowOf(b.shape, a.shape)) return { mode: BROADCAST.rowB, shape: a.shape, inner: last(a.shape) };
  if (isRowOf(a.shape, b.shape)) return { mode: BROADCAST.rowA, shape: b.shape, inner: last(b.shape) };
  return null;
}

/** op: a BINARY code; `names` are the kernel's two input names. */
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

/** Zeros in an array the backend owns, so optimizer slots created from it can be updated in place. */
const zerosLike: NativeFunc = ({ inputs }, _native, backend) => {
  const { x } = inputs as { x: TensorInfo };
  if (x.dtype !== 'float32') return null;
  return out(backend, x.shape, backend.pool.takeZeroed(size(x.shape)));
};

export const ELEMENTWISE_KERNELS: Record<string, NativeFunc> = {
  Relu: unaryKernel(ACT.relu),
  Relu6: unaryKernel(ACT.relu6),
  LeakyRelu: unaryKernel(ACT.leakyrelu, 'alpha'),
  Sigmoid: unaryKernel(ACT.sigmoid),
  Tanh: unaryKernel(ACT.tanh),
  ClipByValue: unaryKernel(UNARY.clip, 'clipValueMin', 'clipValueMax'),
  Neg: unaryKernel(UNARY.neg),
  Step: unaryKernel(UNARY.step, 'alpha'),
  FaceforgeLeakyReluGrad: leakyReluGrad,
  FusedBatchNorm: batchNorm,
  Add: binaryKernel(BINARY.add),
  Sub: binaryKernel(BINARY.sub),
  Multiply: binaryKernel(BINARY.mul),
  RealDiv: binaryKernel(BINARY.div),
  Prelu: binaryKernel(BINARY.prelu, ['x', 'alpha']),
  Greater: greater,
  Select: select,
  ZerosLike: zerosLike,
};
