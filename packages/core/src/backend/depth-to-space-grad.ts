import * as tf from '@tensorflow/tfjs';

/**
 * SpaceToDepth, the adjoint of DepthToSpace (tfjs has no spaceToDepth op). NHWC uses only 4-D
 * reshape/transpose, which every backend supports:
 * [N,H·b,W·b,C] → [N·H, b, W, b·C] → [N·H, W, b, b·C] → [N,H,W,b·b·C].
 */
export function spaceToDepth(x: tf.Tensor4D, blockSize: number, dataFormat: 'NHWC' | 'NCHW' = 'NHWC'): tf.Tensor4D {
  const b = blockSize;
  return tf.tidy(() => {
    if (dataFormat === 'NHWC') {
      const [n, hb, wb, c] = x.shape;
      const h = hb / b, w = wb / b;
      return x.reshape([n * h, b, w, b * c]).transpose([0, 2, 1, 3]).reshape([n, h, w, b * b * c]) as tf.Tensor4D;
    }
    // NCHW: DepthToSpace puts channel (i·b + j)·C + c at (h·b+i, w·b+j); invert that with a 6-D transpose.
    const [n, c, hb, wb] = x.shape;
    const h = hb / b, w = wb / b;
    return x.reshape([n, c, h, b, w, b]).transpose([0, 3, 5, 1, 2, 4]).reshape([n, b * b * c, h, w]) as tf.Tensor4D;
  });
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
      return { x: () => spaceToDepth(dy as tf.Tensor4D, blockSize, dataFormat) };
    },
  });
}
