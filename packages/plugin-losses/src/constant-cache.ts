import { tf } from '@faceforge/core';

// Small constant tensors (filter kernels, DFT matrices) are built once per backend and size and
// kept outside any tidy; keyed by backend so switching cpu<->wasm never reuses foreign storage.
const cache = new Map<string, tf.Tensor>();

export function cachedConstant<T extends tf.Tensor>(key: string, build: () => T): T {
  const fullKey = `${tf.getBackend()}|${key}`;
  let tensor = cache.get(fullKey);
  if (tensor === undefined || tensor.isDisposed) {
    tensor = tf.keep(tf.tidy(build));
    cache.set(fullKey, tensor);
  }
  return tensor as T;
}
