/** One image through a generator (batch norm in inference mode), and the bicubic baseline beside it. */
import { tf, type RgbPixels } from '@faceforge/core';
import { resizeBicubic } from '../data/bicubic.js';
import { toBytes, toFloat } from '../data/pixels.js';
import { SCALE } from '../data/sr-images.js';

/** ×4 of an 8-bit image, rounded to 8 bits as a saved file would be. */
export function superResolve(generator: tf.LayersModel, lr: RgbPixels): RgbPixels {
  const out = tf.tidy(() => {
    const input = tf.tensor4d(toFloat(lr).data, [1, lr.height, lr.width, 3]);
    return generator.predict(input) as tf.Tensor4D;
  });
  const data = out.dataSync() as Float32Array;
  out.dispose();
  return toBytes({ width: lr.width * SCALE, height: lr.height * SCALE, channels: 3, data });
}

/** The baseline: MATLAB-style bicubic ×4, rounded to 8 bits. */
export function bicubicUpscale(lr: RgbPixels): RgbPixels {
  return toBytes(resizeBicubic(toFloat(lr), lr.width * SCALE, lr.height * SCALE));
}
