import * as tf from '@tensorflow/tfjs';
import { patchKernel, type KernelFn, type KernelArgs } from './patch-kernel.js';
import { free, wasmOp, type WasmBackend } from './wasm-backend.js';

const size = (dims: number[]) => dims.reduce((a, b) => a * b, 1);

/** Swaps the last two axes with the wasm Transpose kernel (a real copy in the new layout). */
function swapLastTwo(backend: WasmBackend, t: tf.TensorInfo): tf.TensorInfo {
  const r = t.shape.length;
  const perm = [...Array(r).keys()];
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return wasmOp(backend, 'Transpose', { x: t }, { perm });
}

/**
 * wasm matmul uses XNNPACK only for batch 1 without transposes; with a transpose it runs a scalar
 * loop (Dense gradients always transpose). Materialising the transpose is O(n²) against the O(n³)
 * product, so it pays for itself. Anything else (batch > 1, prelu, rank-2+ bias) goes to stock.
 */
function withMaterialisedTransposes(original: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    if (!a || !b || (!attrs.transposeA && !attrs.transposeB)) return original(args);
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return original(args);
    if (size(a.shape.slice(0, -2)) !== 1 || size(b.shape.slice(0, -2)) !== 1) return original(args);
    if (preluActivationWeights != null || (bias != null && bias.shape.length !== 1)) return original(args);
    const backend = args.backend as WasmBackend;
    const at = attrs.transposeA ? swapLastTwo(backend, a) : a;
    const bt = attrs.transposeB ? swapLastTwo(backend, b) : b;
    try {
      return original({ ...args, inputs: { ...args.inputs, a: at, b: bt }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      if (at !== a) free(backend, at);
      if (bt !== b) free(backend, bt);
    }
  };
}

const ACTIVATION_KERNELS: Record<string, string> = {
  relu: 'Relu', relu6: 'Relu6', elu: 'Elu', sigmoid: 'Sigmoid', leakyrelu: 'LeakyRelu', prelu: 'Prelu',
};

/**
 * Stock wasm _FusedMatMul adds the bias wrongly for every batch item after the first (tfjs 4.22,
 * measured: errors of ~1 on [3,6,13]×[3,13,9]). For batch > 1 with a bias we run the unfused
 * sequence BatchMatMul → Add → activation, each of which is correct on wasm.
 */
function unfusedWhenBatchedBias(fused: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    if (!a || !b || bias == null || (size(a.shape.slice(0, -2)) === 1 && size(b.shape.slice(0, -2)) === 1)) return fused(args);
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean; activation?: string; leakyreluAlpha?: number };
    const backend = args.backend as WasmBackend;
    const prod = wasmOp(backend, 'BatchMatMul', { a, b }, { transposeA: !!attrs.transposeA, transposeB: !!attrs.transposeB });
    const biased = wasmOp(backend, 'Add', { a: prod, b: bias });
    free(backend, prod);
    const act = attrs.activation ?? 'linear';
    if (act === 'linear') return biased;
    const kernel = ACTIVATION_KERNELS[act];
    if (!kernel) { free(backend, biased); throw new Error(`_FusedMatMul: unsupported activation '${act}'`); }
    const out = act === 'prelu'
      ? wasmOp(backend, kernel, { x: biased, alpha: preluActivationWeights! })
      : wasmOp(backend, kernel, { x: biased }, act === 'leakyrelu' ? { alpha: attrs.leakyreluAlpha ?? 0.2 } : {});
    free(backend, biased);
    return out;
  };
}

export function installWasmMatMul(): void {
  for (const name of ['BatchMatMul', '_FusedMatMul']) {
    patchKernel(name, 'wasm', (original) => {
      if (!original) throw new Error(`wasm backend has no stock ${name} kernel to wrap`);
      const fixed = name === '_FusedMatMul' ? unfusedWhenBatchedBias(original) : original;
      return withMaterialisedTransposes(fixed);
    });
  }
}
