import { totalmem } from 'node:os';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { BufferPool } from './buffer-pool.js';
import type { NativeAddon } from './addon.js';

/**
 * tfjs's cpu backend with the heavy kernels replaced by C++ (SGEMM-based convolutions and matmuls,
 * threaded elementwise/reduction ops, fused optimizer updates). Tensor data stays in the cpu
 * backend's Float32Arrays and is handed to C++ without copies.
 */
export class NativeBackend extends MathBackendCPU {
  /** Recycled output arrays; FACEFORGE_POOL_MB sets its budget (0 turns recycling off). */
  readonly pool: BufferPool;

  constructor(native: NativeAddon) {
    super();
    this.pool = new BufferPool(poolBudgetBytes(), undefined, (values) => native.discard(values));
  }

  override disposeData(dataId: object, force = false): boolean {
    const values = this.data.get(dataId)?.values;
    const deleted = super.disposeData(dataId, force);
    if (deleted && values !== undefined) this.pool.release(values);
    return deleted;
  }

  /** The cpu backend hands out its own array (no copy): from here on it belongs to the reader. */
  override readSync(dataId: object): ReturnType<MathBackendCPU['readSync']> {
    const values = super.readSync(dataId);
    this.pool.escape(values);
    return values;
  }

  /** Whether a kernel may write its result into this input's own array (in-place optimizer updates). */
  canOverwrite(dataId: object): boolean {
    const data = this.data.get(dataId);
    return data !== undefined && data.refCount === 1 && data.values instanceof Float32Array && this.pool.isPrivate(data.values);
  }

  /**
   * A budget for the pool (MiB) chosen by the work at hand, unless FACEFORGE_POOL_MB chose one.
   * Training wants a large pool (see DEFAULT_POOL_MB); extraction and convert run small networks on
   * batches whose sizes vary with the faces found, and a large pool only fills up with arrays of
   * sizes that never come back: RSS grew by 350 MiB over 4,000 frames of a tracked extraction.
   * There, size classes (see BufferPool) let batches of different sizes share arrays. 'default'
   * gives training its budget back.
   */
  setPoolBudget(mb: number | 'default', options: { sizeClasses?: boolean } = {}): void {
    this.pool.setSizeClasses(options.sizeClasses ?? false);
    if (process.env.FACEFORGE_POOL_MB === undefined) this.pool.setCapacity((mb === 'default' ? DEFAULT_POOL_MB : mb) * 2 ** 20);
  }

  override dispose(): void {
    this.pool.clear();
    super.dispose();
  }
}

// 768 MiB holds every large output of an Original training step that is not live at once (measured:
// 337 MiB instead of 910 MiB of fresh, page-faulting arrays per step at 256) for a peak of 2.25 GB.
// Villain's 16 residual blocks at 64×64 churn far more: with 768 MiB a batch-2 step took 5.3 s, with
// 3 GiB 3.6 s, its peak memory unchanged (the pool is empty when the live tensors peak). So the
// default is a sixth of the machine's memory, between 768 MiB and 4 GiB.
export const DEFAULT_POOL_MB = Math.round(Math.min(4096, Math.max(768, totalmem() / 2 ** 20 / 6)));

function poolBudgetBytes(): number {
  const mb = Number(process.env.FACEFORGE_POOL_MB ?? DEFAULT_POOL_MB);
  return Number.isFinite(mb) && mb > 0 ? mb * 2 ** 20 : 0;
}
