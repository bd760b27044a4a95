import * as tf from '@tensorflow/tfjs';
import { installWasmConv2DBackpropFilter } from './wasm-conv-backprop-filter.js';
import { installWasmConv2DBackpropInput } from './wasm-conv-backprop-input.js';
import { installWasmIdentity } from './wasm-identity.js';
import { installWasmMatMul } from './wasm-matmul.js';

/**
 * Makes tfjs-backend-wasm 4.22 able to train conv nets, and 2.5× faster at it (probe: 0.68 → 1.69 EG/s):
 * adds the missing Conv2DBackpropFilter, replaces the scalar Conv2DBackpropInput and transposed
 * matmuls with XNNPACK paths, and stops Identity from copying. Idempotent; needs the 'wasm' kernels
 * registered (import '@tensorflow/tfjs-backend-wasm' first).
 */
export function installWasmKernels(): void {
  if (!tf.getKernel('Conv2D', 'wasm')) throw new Error('wasm kernels are not registered: import @tensorflow/tfjs-backend-wasm first');
  installWasmConv2DBackpropFilter();
  installWasmConv2DBackpropInput();
  installWasmMatMul();
  installWasmIdentity();
}
