import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { loadAddon, type NativeAddon } from './addon.js';
import { nativeKernelConfigs } from './kernels.js';

export { ACT, ADDON_PATH, type NativeAddon } from './addon.js';

/** Name of the tfjs backend this package registers. */
export const BACKEND_NAME = 'native';

/**
 * tfjs's cpu backend with the heavy kernels replaced by C++ (SGEMM-based convolutions and matmuls,
 * threaded elementwise/reduction ops, fused optimizer updates). Tensor data stays in the cpu
 * backend's Float32Arrays and is handed to C++ without copies.
 */
export class NativeBackend extends MathBackendCPU {}

const loaded = loadAddon();

/** Whether the C++ addon loaded; when false nothing is registered and `unavailableReason` says why. */
export const available: boolean = loaded.addon !== null;
export const unavailableReason: string = loaded.reason;

/** The raw addon (null when unavailable), for benchmarks and tests. */
export const addon: NativeAddon | null = loaded.addon;

/** Micro-kernel in use ('avx512' | 'avx2' | 'generic') and the thread count (env FACEFORGE_THREADS). */
export function nativeInfo(): { kernel: string; threads: number } | null {
  return loaded.addon ? loaded.addon.info() : null;
}

/** Kernel names this package implements natively for 'native' (all other cpu kernels are reused as they are). */
export const NATIVE_KERNELS: readonly string[] = loaded.addon ? nativeKernelConfigs(loaded.addon).map((k) => k.kernelName) : [];

function register(native: NativeAddon): void {
  if (tf.findBackendFactory(BACKEND_NAME) != null) return; // a second copy of this module: already registered
  tf.registerBackend(BACKEND_NAME, () => new NativeBackend());
  const overrides = nativeKernelConfigs(native);
  const overridden = new Set(overrides.map((k) => k.kernelName));
  for (const config of tf.getKernelsForBackend('cpu')) {
    if (!overridden.has(config.kernelName)) tf.registerKernel({ ...config, backendName: BACKEND_NAME });
  }
  for (const config of overrides) tf.registerKernel(config);
}

if (loaded.addon) register(loaded.addon);
