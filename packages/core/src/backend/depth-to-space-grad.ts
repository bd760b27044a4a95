import * as tf from '@tensorflow/tfjs';

/**
 * SpaceToDepth, the adjoint of DepthToSpace (tfjs has no spaceToDepth op). NHWC uses only 4-D
 * reshape/transpose, which every backend supports:
 * [N,H·b,W·b,C] → [N·H, b, W, b·C] → [N·H, W, b, b·C] → [N,H,W,b·b·C].
 */
export function spaceToDepth(x: tf.Tensor4D, blockSize: number): tf.Tensor4D {
  const b = blockSize;
  const [n, hb, wb, c] = x.shape;
  if (hb % b !== 0 || wb % b !== 0) throw new Error(`spaceToDepth: spatial size ${hb}x${wb} is not divisible by block ${b}`);
  const h = hb / b, w = wb / b;
  return tf.tidy(() => x.reshape([n * h, b, w, b * c]).transpose([0, 2, 1, 3]).reshape([n, h, w, b * b * c]));
}

/**
 * tfjs-core 4.22 registers no gradient for DepthToSpace ("gradient function not found"), which pixel
 * shuffle upscalers need. DepthToSpace is a permutation, so its gradient is the inverse permutation
 * of dy. Does nothing if a gradient is already registered (ours, or a future tfjs one).
 */
export function registerDepthToSpaceGradient(): void {
  if (tf.getGradient('DepthToSpace')) return;
  tf.registerGradient({
    kernelName: 'DepthToSpace',
    inputsToSave: [],
    gradFunc: (dy, _saved, attrs) => {
      const { blockSize, dataFormat } = attrs as unknown as tf.DepthToSpaceAttrs;
      // cpu and wasm only run NHWC DepthToSpace, so NCHW never reaches a gradient there.
      if (dataFormat === 'NCHW') throw new Error('DepthToSpace gradient supports NHWC only');
      return { x: () => spaceToDepth(dy as tf.Tensor4D, blockSize) };
    },
  });
}
