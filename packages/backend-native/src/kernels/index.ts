import * as tf from '@tensorflow/tfjs';
import type { NativeAddon } from '../addon.js';
import type { NativeBackend } from '../native-backend.js';
import { ACCUMULATE_KERNELS } from './accumulate.js';
import { CONVOLUTION_KERNELS } from './convolution.js';
import { ELEMENTWISE_KERNELS } from './elementwise.js';
import { LAYOUT_KERNELS } from './layout.js';
import { MATMUL_KERNELS } from './matmul.js';
import type { KernelArgs, NativeFunc, TensorInfo } from './native-func.js';
import { OPTIMIZER_KERNELS } from './optimizer.js';
import { REDUCTION_KERNELS } from './reduction.js';

const BACKEND = 'native';

const NATIVE: Record<string, NativeFunc> = {
  ...CONVOLUTION_KERNELS, ...MATMUL_KERNELS, ...ELEMENTWISE_KERNELS, ...LAYOUT_KERNELS, ...REDUCTION_KERNELS, ...OPTIMIZER_KERNELS,
  ...ACCUMULATE_KERNELS,
};

/**
 * Calls and milliseconds of the cpu backend's kernels run on 'native' (kernels without a native
 * version, and the cases a native one hands back), by kernel name, while `on`: what `npm run bench
 * -- train --profile` reports as JS.
 */
export const cpuFallbacks = { on: false, byKernel: new Map<string, { calls: number; ms: number }>() };

/**
 * Runs one of the cpu backend's kernels on 'native'. Some return a view of an input's array (a
 * contiguous Slice is a subarray): such an input has escaped and must never be recycled.
 */
export function runCpuKernel(kernelName: string, args: KernelArgs): ReturnType<tf.KernelFunc> {
  const cpu = tf.getKernel(kernelName, 'cpu');
  if (!cpu) throw new Error(`native: no cpu fallback for ${kernelName}`);
  const start = cpuFallbacks.on ? performance.now() : 0;
  const result = cpu.kernelFunc(args as Parameters<tf.KernelFunc>[0]);
  if (cpuFallbacks.on) {
    const tally = cpuFallbacks.byKernel.get(kernelName) ?? { calls: 0, ms: 0 };
    cpuFallbacks.byKernel.set(kernelName, { calls: tally.calls + 1, ms: tally.ms + performance.now() - start });
  }
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
