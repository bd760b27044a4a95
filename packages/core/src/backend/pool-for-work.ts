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
 * of up to 8 faces, each net freeing its activations block by block. Too small, and the nets
 * evict each other's buffers and every call pays fresh pages (at 192 MiB, before the nets freed
 * per block, finding took 71–80 ms a frame against 32–33 ms at 384). Not larger than needed:
 * batches of every size from 1 to 8 each leave buffers of their own sizes, and a pool keeps
 * filling with them for thousands of frames. At 384 MiB, once the nets freed per block, the pool
 * was still filling at frame 500 of the long bench run (RSS 167 MiB apart at frames 500 and
 * 4,000); at 256 MiB it is full by then and RSS stays within 80 MiB, at the same speed.
 * Size classes (BufferPool) cut what the nets keep from 374 MiB to 161 MiB: at 256 MiB with exact
 * lengths the pool had been evicting, and a tracked run of 96 frames allocated 316 MiB of fresh
 * arrays (their page faults, and the garbage collections they set off); now 71 MiB, in arrays
 * too small to pool, and the run takes 9% less time.
 */
export const INFERENCE_POOL_MB = 256;

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
export function useInferencePool(): void {
  nativeBackend()?.setPoolBudget(INFERENCE_POOL_MB, { sizeClasses: true });
}

/** On the native backend, the training pool: its default budget, exact lengths (a step's shapes repeat). */
export function useTrainingPool(): void {
  nativeBackend()?.setPoolBudget('default', { sizeClasses: false });
}
