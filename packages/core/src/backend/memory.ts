import * as tf from '@tensorflow/tfjs';

export interface PeakMemory {
  /** Current resident set size, MiB. */
  rssMB: number;
  /** Peak resident set size of the process so far, MiB. */
  maxRssMB: number;
  /** Size of the wasm backend's heap (it only grows, so this is also its peak), MiB; absent if wasm is not initialised. */
  wasmHeapMB?: number;
}

const MB = 1024 * 1024;

/** The wasm heap size, if the wasm backend has been initialised in this process. */
function wasmHeapBytes(): number | undefined {
  // Only look at an already initialised backend: findBackend would otherwise start one.
  if (!tf.engine().registry['wasm']) return undefined;
  const wasm = (tf.engine().registry['wasm'] as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm;
  return wasm?.HEAPU8?.buffer.byteLength;
}

/** Memory figures for benchmarks: process RSS and peak RSS, plus the wasm heap on wasm (it is capped at 4 GiB). */
export function peakMemory(): PeakMemory {
  const rssMB = process.memoryUsage.rss() / MB;
  // resourceUsage().maxRSS is in KiB.
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  const heap = wasmHeapBytes();
  return heap === undefined ? { rssMB, maxRssMB } : { rssMB, maxRssMB, wasmHeapMB: heap / MB };
}

/** The benchmarks' memory line: peak RSS in MiB and in GB (the unit targets are given in), plus the wasm heap. */
export function describePeakMemory(memory: PeakMemory = peakMemory()): string {
  const wasm = memory.wasmHeapMB ? `, wasm heap ${memory.wasmHeapMB.toFixed(0)} MiB` : '';
  return `peak RSS ${memory.maxRssMB.toFixed(0)} MiB (${((memory.maxRssMB * MB) / 1e9).toFixed(2)} GB)${wasm}`;
}
