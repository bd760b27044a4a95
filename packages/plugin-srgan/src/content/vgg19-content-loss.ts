/**
 * SRGAN's content loss (Ledig et al. 2017, VGG54), as krasserm/super-resolution computes it
 * (peers.md §3.3): both images through Keras's preprocess_input, VGG19 block5_conv4 features, each
 * divided by 12.75, then their mean squared difference.
 */
import { readKerasWeights, type Tf, type tf } from '@faceforge/core';
import type { ContentLoss } from './content-loss.js';
import { VGG19_CONV_LAYERS, Vgg19Features } from './vgg19.js';

/** The reference rescales VGG54 features by 1/12.75 so the content loss is of the order of MSE on pixels. */
export const VGG_FEATURE_SCALE = 12.75;

export async function createVgg19ContentLoss(tf: Tf, weightsFile: string): Promise<ContentLoss> {
  const weights = await readKerasWeights(weightsFile, { layers: VGG19_CONV_LAYERS.map(([name]) => name) });
  const vgg = Vgg19Features.fromKerasWeights(tf, weights);
  return {
    name: 'vgg19',
    description: `VGG19 block5_conv4 features / ${VGG_FEATURE_SCALE}, mean squared difference (weights: ${weightsFile}, ${weights.format})`,
    loss(sr: tf.Tensor4D, hr: tf.Tensor4D): tf.Scalar {
      return tf.tidy(() => {
        const srFeatures = tf.div(vgg.features(vgg.preprocess(sr)), VGG_FEATURE_SCALE);
        const hrFeatures = tf.div(vgg.features(vgg.preprocess(hr)), VGG_FEATURE_SCALE);
        return tf.mean(tf.squaredDifference(srFeatures, hrFeatures)) as tf.Scalar;
      });
    },
    dispose() {
      vgg.dispose();
    },
  };
}
