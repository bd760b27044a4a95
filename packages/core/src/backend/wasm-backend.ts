import * as tf from '@tensorflow/tfjs';
import { runKernel } from './patch-kernel.js';

/** The parts of tfjs-backend-wasm's BackendWasm that the kernel patches use. */
export interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  /** A view on the wasm heap; it is invalidated whenever the heap grows, so fetch it after allocating. */
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
  refCount(dataId: object): number;
}

/** Runs a (stock or patched) wasm kernel and returns its single output. */
export function wasmOp(backend: WasmBackend, name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
  return runKernel(name, 'wasm', { inputs, backend, attrs });
}

/** Frees kernel intermediates on the wasm heap. */
export function free(backend: WasmBackend, ...infos: tf.TensorInfo[]): void {
  for (const t of infos) backend.disposeData(t.dataId);
}

