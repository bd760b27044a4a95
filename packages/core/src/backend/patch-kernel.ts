import * as tf from '@tensorflow/tfjs';

/** Arguments every tfjs kernel function receives. */
export interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}

export type KernelFn = (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[];

// Our replacement functions, so a second install recognises them and does not wrap itself.
const ours = new WeakSet<object>();

/**
 * Replaces `kernelName` on `backendName` with `make(original)`. The stock function (if any) is handed
 * to `make` so unsupported cases can be delegated. Calling it again for an already patched kernel
 * is a no-op. The stock setup/dispose hooks are kept: tfjs re-runs setup on every setBackend, and the
 * stock kernel function (our fallback) depends on it.
 */
export function patchKernel(kernelName: string, backendName: string, make: (original: KernelFn | undefined) => KernelFn): void {
  const current = tf.getKernel(kernelName, backendName);
  if (current && ours.has(current.kernelFunc)) return;
  const original = current?.kernelFunc as KernelFn | undefined;
  const replacement = make(original);
  ours.add(replacement);
  if (current) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({
    kernelName,
    backendName,
    kernelFunc: replacement as tf.KernelFunc,
    setupFunc: current?.setupFunc,
    disposeFunc: current?.disposeFunc,
  });
}

/** True if `kernelName` on `backendName` is currently one of our replacements. */
export function isPatched(kernelName: string, backendName: string): boolean {
  const k = tf.getKernel(kernelName, backendName);
  return k !== undefined && ours.has(k.kernelFunc);
}

/** Runs whatever kernel is registered now (stock or patched) for `kernelName`. */
export function runKernel(kernelName: string, backendName: string, args: KernelArgs): tf.TensorInfo {
  const k = tf.getKernel(kernelName, backendName);
  if (!k) throw new Error(`kernel '${kernelName}' is not registered for backend '${backendName}'`);
  return k.kernelFunc(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
}
