import * as tf from '@tensorflow/tfjs';

/**
 * Fused optimizer-update kernels: the contract a backend implements to run a whole per-variable
 * optimizer update in one kernel instead of ~10 elementwise tfjs ops (each of which allocates a
 * variable-sized temporary). No stock backend registers these; a future native backend (C++/wasm)
 * registers them with `tf.registerKernel({ kernelName, backendName, kernelFunc })` and the
 * optimizers pick them up automatically for that backend.
 *
 * Common contract for all three kernels:
 * - Inputs (NamedTensorInfoMap), all float32 and all of the parameter's shape:
 *   `param` (current value), `grad`, then the optimizer's slots by name (listed per kernel below).
 * - Attrs (NamedAttrMap): plain numbers, listed per kernel. `step` is the 1-based count of this
 *   update (already incremented), used for bias correction exactly as torch does:
 *   bc1 = 1 - beta1^step, bc2 = 1 - beta2^step, computed in double precision.
 * - Outputs: a TensorInfo[] `[newParam, ...newSlots]` in the order the slots are listed. The
 *   optimizer assigns them to its variables and disposes the old values. tfjs tensors are
 *   immutable, so an output is a fresh buffer unless the backend can prove no one else can see the
 *   input's buffer (the variable is its only tensor and it was never read out); only then may it
 *   write the update in place and return the same buffer.
 *
 * The formulas are torch.optim's (faceswap trains with torch), elementwise:
 */

/**
 * FaceforgeAdamUpdate — torch.optim.Adam (amsgrad=False, weight_decay=0).
 * inputs: param, grad, m, v        attrs: lr, beta1, beta2, epsilon, step      outputs: [param, m, v]
 *   m ← beta1·m + (1−beta1)·g
 *   v ← beta2·v + (1−beta2)·g²
 *   param ← param − (lr / bc1) · m / (√v / √bc2 + epsilon)
 */
export const FUSED_ADAM_UPDATE = 'FaceforgeAdamUpdate';
export type FusedAdamAttrs = { lr: number; beta1: number; beta2: number; epsilon: number; step: number };

/**
 * FaceforgeAdaBeliefUpdate — AdaBelief (Zhuang et al. 2020, adabelief-pytorch, rectify=False).
 * inputs: param, grad, m, s        attrs: lr, beta1, beta2, epsilon, step      outputs: [param, m, s]
 *   m ← beta1·m + (1−beta1)·g
 *   s ← beta2·s + (1−beta2)·(g − m)² + epsilon      (m is the already-updated m; eps is stored in s)
 *   param ← param − (lr / bc1) · m / (√s / √bc2 + epsilon)
 */
export const FUSED_ADABELIEF_UPDATE = 'FaceforgeAdaBeliefUpdate';
export type FusedAdaBeliefAttrs = FusedAdamAttrs;

/**
 * FaceforgeRMSpropUpdate — torch.optim.RMSprop (centered=False, momentum=0, weight_decay=0).
 * inputs: param, grad, ms          attrs: lr, rho, epsilon                     outputs: [param, ms]
 *   ms ← rho·ms + (1−rho)·g²                          (rho is torch's `alpha`)
 *   param ← param − lr · g / (√ms + epsilon)
 * torch's RMSprop has no bias correction, so it takes no `step`.
 */
export const FUSED_RMSPROP_UPDATE = 'FaceforgeRMSpropUpdate';
export type FusedRMSpropAttrs = { lr: number; rho: number; epsilon: number };

/**
 * FaceforgeAccumulate — sum + addend, for a running sum its caller disposes right after (gradient
 * accumulation, train/sum-gradients.ts).
 * inputs: sum, addend (float32, one shape)   attrs: none   outputs: the new sum
 * Like the updates above, the backend may write into `sum`'s buffer and return it when `sum` is the
 * only tensor on that buffer and it was never read out; else the output is a fresh buffer. It saves
 * a gradient-sized allocation per shared variable per step (the Original's encoder: 279 MB).
 */
export const FUSED_ACCUMULATE = 'FaceforgeAccumulate';

/** Whether the active backend registered `kernelName`. Checked per step: the backend can change between steps. */
export function hasFusedKernel(kernelName: string): boolean {
  const backend = tf.getBackend();
  return backend != null && tf.getKernel(kernelName, backend) != null;
}

/**
 * Runs a fused update kernel and checks its outputs against the contract, so a faulty native kernel
 * fails with its name rather than as a shape error deep inside Variable.assign.
 */
export function runFusedUpdate(
  kernelName: string,
  inputs: Record<string, tf.Tensor>,
  attrs: Record<string, number>,
  shape: readonly number[],
  outputCount: number,
): tf.Tensor[] {
  const result = tf.engine().runKernel(kernelName, inputs, attrs) as tf.Tensor | tf.Tensor[];
  const outputs = Array.isArray(result) ? result : [result];
  if (outputs.length !== outputCount) {
    tf.dispose(outputs);
    throw new Error(`${kernelName} returned ${outputs.length} outputs, the contract says ${outputCount}`);
  }
  for (const [i, out] of outputs.entries()) {
    if (out.dtype !== 'float32' || !tf.util.arraysEqual(out.shape, [...shape])) {
      tf.dispose(outputs);
      throw new Error(
        `${kernelName} output ${i} is ${out.dtype} [${out.shape}], the contract says float32 [${shape}]`,
      );
    }
  }
  return outputs;
}
