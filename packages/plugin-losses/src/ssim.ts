import { tf } from '@faceforge/core';
import type { LossFunction } from '@faceforge/core';
import { gaussianKernel } from './gaussian-kernel.js';
import { reflectPad } from './padding.js';
import { ssimComponents } from './ssim-components.js';

export const SSIM_WINDOW = 11;
export const SSIM_SIGMA = 1.5;

export const ssimLoss: LossFunction = {
  name: 'ssim',
  spatial: true,
  description: '1 − SSIM map (11×11 Gaussian σ=1.5, reflect padding, per channel).',
  compute: (yTrue, yPred) =>
    tf.tidy(() => {
      const pad = Math.floor(SSIM_WINDOW / 2);
      const window = gaussianKernel(SSIM_WINDOW, SSIM_SIGMA);
      const { luminance, contrastStructure } = ssimComponents(reflectPad(yTrue, pad), reflectPad(yPred, pad), window);
      return tf.sub(1, tf.mul(luminance, contrastStructure));
    }),
};
