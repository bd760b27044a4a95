/**
 * The native backend recycles kernel outputs in a pool sized for training (a sixth of the
 * machine's memory). Face finding in extract and convert runs small networks on batches whose
 * shapes change with every frame's faces, so a large pool only fills with arrays of sizes that
 * never come back: memory then grows through a long video. They ask for a small pool with size
 * classes instead; training, which may follow in the same process (the demo extracts, then
 * trains), asks for the training pool back.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * The tracked path's working set: SSD on one frame, the landmark and recognition nets on batches
 * of up to 16 faces, each net freeing its activations block by block. Too small, and the nets
 * evict each other's buffers and every call pays fresh pages (at 192 MiB, before the nets freed
 * per block, finding took 71–80 ms a frame against 32–33 ms at 384). Not larger than needed: what
 * the pool keeps beyond the working set are the sizes of rare batches, and it goes on collecting
 * them for thousands of frames. With exact lengths the nets kept 374 MiB, so a 256 MiB pool
 * evicted (a tracked run of 96 frames allocated 316 MiB of fresh arrays, with their page faults
 * and the garbage collections they set off). With size classes (BufferPool) they keep 161 MiB and
 * allocate nothing new; at 256 MiB the pool then still grew from 160 to 245 MiB between frames
 * 500 and 4,000 of the long bench run (RSS 149 MiB apart), at 176 MiB it cannot grow by more than
 * 16 MiB, and a 96-frame run takes the same time at 176 and 256.
 */
export const INFERENCE_POOL_MB = 176;
/** face-api's own per-frame chain (unfused nets on whole frames) keeps 209 MiB at 1080p: at 176 it allocated 2 GB of fresh arrays per 24 frames and ran 25% slower. */
export const PER_FRAME_POOL_MB = 256;

interface PoolBudgeted {
  setPoolBudget(mb: number | 'default', options?: { sizeClasses?: boolean }): void;
}

function hasPoolBudget(backend: unknown): backend is PoolBudgeted {
  return typeof (backend as Partial<PoolBudgeted>)?.setPoolBudget === 'function';
}

function nativeBackend(): PoolBudgeted | undefined {
  const backend = tf.engine().backendName === 'native' ? tf.backend() : undefined;
  return hasPoolBudget(backend) ? backend : undefined;
}

/** On the native backend, shrink its recycling pool for inference and round to size classes; other backends have none. */
export function useInferencePool(budgetMb = INFERENCE_POOL_MB): void {
  nativeBackend()?.setPoolBudget(budgetMb, { sizeClasses: true });
}

/** On the native backend, the training pool: its default budget, exact lengths (a step's shapes repeat). */
export function useTrainingPool(): void {
  nativeBackend()?.setPoolBudget('default', { sizeClasses: false });
}
