/**
 * The native backend recycles kernel outputs in a pool sized for training (a sixth of the
 * machine's memory). Face finding in extract and convert runs small networks on batches whose
 * shapes change with every frame's faces, so a large pool only fills with arrays of sizes that
 * never come back: memory then grows through a long video. They ask for a small pool instead.
 */
import * as tf from '@tensorflow/tfjs';

/** Enough for the SSD, landmark and recognition nets on a batch of 8 frames at once. */
export const INFERENCE_POOL_MB = 192;

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
