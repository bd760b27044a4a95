import { tf } from '@faceforge/core';
import type { LossFunction } from '@faceforge/core';
import { orthonormalDft2d } from './dft.js';
import { withoutGradient } from './stop-gradient.js';

/** Exponent on the spectrum distance when building the focusing weights. */
export const FFL_ALPHA = 1;

/** [N,H,W,C] → one [H,W] plane per (item, channel). */
function toPlanes(images: tf.Tensor4D): tf.Tensor3D {
  const [n, h, w, c] = images.shape;
  return tf.reshape(tf.transpose(images, [0, 3, 1, 2]), [n * c, h, w]);
}

export const focalFrequencyLoss: LossFunction = {
  name: 'ffl',
  spatial: true,
  description: 'Focal frequency loss: squared DFT distance weighted towards the hardest frequencies.',
  // patch_factor=1 (faceswap's default; its patching is broken above 1), so there is one patch.
  compute: (yTrue, yPred) =>
    tf.tidy(() => {
      const [n, h, w, c] = yTrue.shape;
      const spectrumTrue = orthonormalDft2d(toPlanes(yTrue));
      const spectrumPred = orthonormalDft2d(toPlanes(yPred));
      const distance = tf.add(
        tf.square(tf.sub(spectrumPred.real, spectrumTrue.real)),
        tf.square(tf.sub(spectrumPred.imag, spectrumTrue.imag)),
      );
      // Weights are a focusing schedule, not a target: detached as in the reference FFL.
      // |F̂−F|^α = distance^(α/2); normalised by each plane's max, 0/0 → 0, clamped to [0,1].
      const weights = withoutGradient(distance, (d) => {
        const magnitude = tf.pow(d, FFL_ALPHA / 2);
        const normalised = tf.divNoNan(magnitude, tf.max(magnitude, [1, 2], true));
        return tf.clipByValue(normalised, 0, 1);
      });
      const loss = tf.mul(weights, distance);
      return tf.transpose(tf.reshape(loss, [n, c, h, w]), [0, 2, 3, 1]);
    }),
};
