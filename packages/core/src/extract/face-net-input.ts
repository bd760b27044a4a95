/**
 * The input face-api's landmark and recognition nets make of their face crops
 * (FaceFeatureExtractor / FaceRecognitionNet.forwardInput): the crops stacked into one batch, each
 * channel's mean subtracted and the result divided by 255, in float32 as its tfjs ops round it.
 * Made in JS over the crops, so a batch costs one tensor instead of a stack of them and two passes.
 */
import { tf } from '../tf.js';
import type { RgbPixels } from '../image/rgb-pixels.js';
import { squareCropResized, type PixelBox } from './frame-crops.js';

/** face-api's normalisation means (RGB, 0..255), as float32 (its tf.fill is float32). */
const MEAN_RGB = [122.782, 117.001, 104.298].map(Math.fround);

/** [crops, size, size, 3]: each crop cut as face-api's NetInput cuts it, then normalised. */
export function faceNetBatch(crops: readonly { frame: RgbPixels; crop: PixelBox }[], size: number): tf.Tensor4D {
  const plane = size * size * 3;
  const values = new Float32Array(crops.length * plane);
  crops.forEach(({ frame, crop }, i) => squareCropResized(frame, crop, size, values, i * plane));
  const fround = Math.fround;
  for (let i = 0; i < values.length; i += 3) {
    values[i] = fround(fround(values[i]! - MEAN_RGB[0]!) / 255);
    values[i + 1] = fround(fround(values[i + 1]! - MEAN_RGB[1]!) / 255);
    values[i + 2] = fround(fround(values[i + 2]! - MEAN_RGB[2]!) / 255);
  }
  return tf.tensor4d(values, [crops.length, size, size, 3]);
}
