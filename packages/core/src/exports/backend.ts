/** `@faceforge/core/backend`: Backends: picking the tfjs backend, peak memory, and the fused-kernel contract a backend implements. */
export * from '../backend/fused-kernels.js';
export * from '../backend/select-backend.js';
export { describePeakMemory, peakMemory, type PeakMemory } from '../backend/memory.js';
