// Reductions: Sum, Mean and Max over any set of axes that is contiguous in memory.
import * as tf from '@tensorflow/tfjs';
import { alloc, f32, out, size, type NativeFunc, type TensorInfo } from './native-func.js';

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

export const REDUCTION_KERNELS: Record<string, NativeFunc> = {
  Sum: reduceKernel(0, false),
  Mean: reduceKernel(0, true),
  Max: reduceKernel(1, false),
};
