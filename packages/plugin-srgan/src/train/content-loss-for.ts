/** The GAN stage's content loss for these settings: VGG19 block5_conv4 when vgg19_weights names a file, else face-api's recognition features. */
import type { Tf } from '@faceforge/core';
import { createContentLoss, type ContentLoss } from '../content/index.js';
import type { SrganValues } from '../srgan-config.js';

export function contentLossFor(tf: Tf, values: SrganValues): Promise<ContentLoss> {
  return createContentLoss(tf, values.vgg19_weights ? { vgg19Weights: values.vgg19_weights } : {});
}
