// BatchMatMul and _FusedMatMul on the SGEMM driver (batches, broadcasts, transposes, bias + activation).
import * as tf from '@tensorflow/tfjs';
import { activationCode, alloc, channelBias, f32, out, size, type NativeFunc, type TensorInfo } from './native-func.js';

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

export const MATMUL_KERNELS: Record<string, NativeFunc> = {
  BatchMatMul: matmul,
  _FusedMatMul: matmul,
};
