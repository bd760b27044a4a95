// Layout kernels: copies of boxes and permutations of the tensor's elements, and image resizing.
import * as tf from '@tensorflow/tfjs';
import { alloc, f32, out, size, type NativeFunc, type TensorInfo } from './native-func.js';

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

/** [before, after] per axis, when each is at most the axis length less 1 for 'reflect' (tf.mirrorPad's rule). */
function mirrorPaddings(shape: readonly number[], paddings: unknown, mode: unknown): { before: number[]; after: number[] } | null {
  if (!Array.isArray(paddings) || paddings.length !== shape.length) return null;
  const before = paddings.map((p) => Number(p[0])), after = paddings.map((p) => Number(p[1]));
  const fits = (v: number, i: number) => Number.isInteger(v) && v >= 0 && v <= shape[i]! - (mode === 'symmetric' ? 0 : 1);
  return before.every(fits) && after.every(fits) ? { before, after } : null;
}

/** MirrorPad ('reflect' / 'symmetric'; faceswap's ReflectionPadding2D): one gather pass in C++ (the cpu kernel runs in JS). */
const mirrorPad: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { x } = inputs as { x: TensorInfo };
  const xv = f32(backend, x);
  const pads = mirrorPaddings(x.shape, attrs.paddings, attrs.mode);
  if (!xv || !pads || x.shape.length === 0 || x.shape.length > 8 || xv.length === 0) return null;
  const shape = x.shape.map((d, i) => pads.before[i]! + d + pads.after[i]!);
  const y = alloc(backend, size(shape));
  native.mirrorPad(xv, x.shape, pads.before, pads.after, attrs.mode === 'symmetric', y);
  return out(backend, shape, y);
};

/**
 * FaceforgeMirrorPadGrad (core's backend/mirror-pad-grad.ts): dy's borders summed back onto the
 * input elements they copied. No cpu kernel stands behind it: core falls back to tfjs ops.
 */
const mirrorPadGrad: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { dy } = inputs as { dy: TensorInfo };
  const dyv = f32(backend, dy);
  const padded = Array.isArray(attrs.paddings) ? (attrs.paddings as unknown as number[][]) : [];
  const shape = dy.shape.map((d, i) => d - Number(padded[i]?.[0]) - Number(padded[i]?.[1]));
  const pads = mirrorPaddings(shape, attrs.paddings, attrs.mode);
  if (!dyv || !pads || dy.shape.length === 0 || dy.shape.length > 8) throw new Error(`FaceforgeMirrorPadGrad: needs float32 dy of rank 1-8 and paddings within the axes, got [${dy.shape}] ${JSON.stringify(attrs.paddings)}`);
  const dx = alloc(backend, size(shape));
  if (dx.length > 0) native.mirrorPadGrad(dyv, shape, pads.before, pads.after, attrs.mode === 'symmetric', dx);
  return out(backend, shape, dx);
};

export const LAYOUT_KERNELS: Record<string, NativeFunc> = {
  MirrorPad: mirrorPad,
  FaceforgeMirrorPadGrad: mirrorPadGrad,
  Transpose: transpose,
  DepthToSpace: depthToSpace,
  Slice: slice,
  PadV2: pad,
  SplitV: splitV,
  Concat: concat,
  Reverse: reverse,
  ResizeBilinear: resizeBilinear,
};
