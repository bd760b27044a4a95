import * as tf from '@tensorflow/tfjs';
import { ACT, type NativeAddon } from '../addon.js';
import type { NativeBackend } from '../native-backend.js';

export type TensorInfo = tf.TensorInfo;
export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };
/** A native kernel: its result, or null for a case it does not handle (then the cpu kernel runs). */
export type NativeFunc = (args: KernelArgs, native: NativeAddon, backend: NativeBackend) => TensorInfo | TensorInfo[] | null;

/** The tensor's own Float32Array (no copy), or null when it is not a plain float32 tensor. */
export function f32(backend: NativeBackend, t: TensorInfo | undefined): Float32Array | null {
  if (t == null || t.dtype !== 'float32') return null;
  const values = backend.data.get(t.dataId)?.values;
  return values instanceof Float32Array ? values : null;
}

export function out(backend: NativeBackend, shape: number[], values: Float32Array): TensorInfo {
  return backend.makeTensorInfo(shape, 'float32', values);
}

/** An output array whose every element the kernel writes (it may be recycled, not zeroed). */
export const alloc = (backend: NativeBackend, length: number) => backend.pool.take(length);

/**
 * Where a kernel allowed to update an input in place (the fused optimizer updates, accumulation) writes:
 * into the input's own array when its tensor is the only one on it and the array never left the
 * backend (no reader can see the change), else a new one.
 */
export function updateTarget(backend: NativeBackend, t: TensorInfo, values: Float32Array): Float32Array {
  if (!backend.canOverwrite(t.dataId)) return alloc(backend, values.length);
  backend.pool.shareInPlace(values); // the old tensor and the returned one both reference it until the old is disposed
  return values;
}

export const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function activationCode(activation: unknown): number | null {
  if (activation == null) return ACT.linear;
  const code = (ACT as Record<string, number>)[String(activation)];
  return code === undefined ? null : code; // 'prelu' and 'elu' stay on the cpu path
}

/** A bias that is one value per output channel (shape [C] or [1,..,1,C]), else null. */
export function channelBias(backend: NativeBackend, bias: TensorInfo | undefined, channels: number): Float32Array | null | undefined {
  if (bias == null) return undefined;
  const values = f32(backend, bias);
  if (values == null || size(bias.shape) !== channels || (bias.shape.length > 0 && bias.shape[bias.shape.length - 1] !== channels)) return null;
  return values;
}
