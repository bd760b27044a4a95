/**
 * The native backend recycles kernel outputs in a pool sized for training (a sixth of the
 * machine's memory). Face finding in extract and convert runs small networks on batches whose
 * shapes change with every frame's faces, so a large pool only fills with arrays of sizes that
 * never come back: memory then grows through a long video. They ask for a small pool instead.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * The tracked path's working set: SSD on one frame, the landmark and recognition nets on batches
 * of up to 8 faces. At 192 MiB the three nets evicted each other's buffers and every call paid
 * fresh pages (face finding on the sample clip: 71–80 ms a frame, against 32–33 ms at 384, 512
 * and 768 MiB in one session). Not more: batches of every size from 1 to 8 each leave buffers of
 * their own sizes, and a larger pool keeps filling with them for thousands of frames (at 768 MiB,
 * RSS grew 341 MiB from frame 500 to 4,000 of the long bench run).
 */
export const INFERENCE_POOL_MB = 384;

interface PoolBudgeted {
  setPoolBudget(mb: number): void;
}

function hasPoolBudget(backend: unknown): backend is PoolBudgeted {
  return typeof (backend as Partial<PoolBudgeted>)?.setPoolBudget === 'function';
}

/** On the native backend, shrink its recycling pool for inference; other backends have none. */
export function useInferencePool(): void {
  const backend = tf.engine().backendName === 'native' ? tf.backend() : undefined;
  if (hasPoolBudget(backend)) backend.setPoolBudget(INFERENCE_POOL_MB);
}
