import * as tf from '@tensorflow/tfjs';
import { loadAddon, type NativeAddon } from './addon.js';
import { nativeKernelConfigs, runCpuKernel } from './kernels/index.js';

export { cpuFallbacks } from './kernels/index.js';
import { NativeBackend } from './native-backend.js';

export { ACT, ADDON_PATH, type NativeAddon } from './addon.js';
export { NativeBackend } from './native-backend.js';

/** Name of the tfjs backend this package registers. */
export const BACKEND_NAME = 'native';

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
  tf.registerBackend(BACKEND_NAME, () => new NativeBackend(native));
  const overrides = nativeKernelConfigs(native);
  const overridden = new Set(overrides.map((k) => k.kernelName));
  for (const config of tf.getKernelsForBackend('cpu')) {
    if (overridden.has(config.kernelName)) continue;
    const { kernelName } = config;
    tf.registerKernel({ ...config, backendName: BACKEND_NAME, kernelFunc: ((args) => runCpuKernel(kernelName, args)) as tf.KernelFunc });
  }
  for (const config of overrides) tf.registerKernel(config);
}

if (loaded.addon) register(loaded.addon);
