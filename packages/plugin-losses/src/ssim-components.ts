import { tf } from '@faceforge/core';
import { filterPerChannel } from './channel-filter.js';

export const SSIM_K1 = 0.01;
export const SSIM_K2 = 0.03;

export interface SsimComponents {
  /** (2μxμy + C1) / (μx² + μy² + C1) */
  luminance: tf.Tensor4D;
  /** (2σxy + C2) / (σx² + σy² + C2) */
  contrastStructure: tf.Tensor4D;
}

/** Local SSIM terms per channel under a [k,k,1,1] window; inputs already padded as the caller wants. */
export function ssimComponents(x: tf.Tensor4D, y: tf.Tensor4D, window: tf.Tensor4D, maxValue = 1): SsimComponents {
  const c1 = (SSIM_K1 * maxValue) ** 2;
  const c2 = (SSIM_K2 * maxValue) ** 2;
  const meanX = filterPerChannel(x, window);
  const meanY = filterPerChannel(y, window);
  const meanXY2 = tf.mul(tf.mul(meanX, meanY), 2);
  const meanSquares = tf.add(tf.square(meanX), tf.square(meanY));
  const luminance = tf.div(tf.add(meanXY2, c1), tf.add(meanSquares, c1));
  // E[xy] and E[x²]+E[y²] minus the mean terms give 2σxy and σx²+σy².
  const crossXY2 = tf.mul(filterPerChannel(tf.mul(x, y), window), 2);
  const secondMoments = filterPerChannel(tf.add(tf.square(x), tf.square(y)), window);
  const contrastStructure = tf.div(
    tf.add(tf.sub(crossXY2, meanXY2), c2),
    tf.add(tf.sub(secondMoments, meanSquares), c2),
  );
  return { luminance: luminance as tf.Tensor4D, contrastStructure: contrastStructure as tf.Tensor4D };
}
