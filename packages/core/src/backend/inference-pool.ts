/**
 * The native backend recycles kernel outputs in a pool sized for training (a sixth of the
 * machine's memory). Face finding in extract and convert runs small networks on batches whose
 * shapes change with every frame's faces, so a large pool only fills with arrays of sizes that
 * never come back: memory then grows through a long video. They ask for a small pool instead.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * The tracked path's working set (SSD on one frame, landmark and recognition nets on batches of
 * up to 8 faces) with room to spare: at 192 MiB the three nets evicted each other's buffers and
 * every call paid fresh pages (face finding on the sample clip took 71–80 ms a frame against 32–40
 * ms at 384–768 MiB, measured in one session). The nets' inputs have fixed sizes (frame-crops.ts),
 * so what the pool holds stops changing once it has seen a batch of each size.
 */
export const INFERENCE_POOL_MB = 768;

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
