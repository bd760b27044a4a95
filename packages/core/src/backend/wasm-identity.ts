import * as tf from '@tensorflow/tfjs';
import { patchKernel } from './patch-kernel.js';
import type { WasmBackend } from './wasm-backend.js';

/**
 * Stock wasm Identity copies the buffer, and `engine.clone()` (used to save every backprop input,
 * weights included) goes through it, so each training step duplicated every weight. Sharing the
 * buffer with a refcount is what the cpu backend does.
 */
export function installWasmIdentity(): void {
  patchKernel('Identity', 'wasm', (original) => (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string' && original) return original(args);
    (args.backend as WasmBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
}
