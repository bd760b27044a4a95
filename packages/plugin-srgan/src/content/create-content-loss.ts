import type { Tf } from '@faceforge/core';
import type { ContentLoss } from './content-loss.js';
import { createFaceRecognitionContentLoss } from './face-recognition-content-loss.js';
import { createVgg19ContentLoss } from './vgg19-content-loss.js';

export interface ContentLossOptions {
  /** A Keras .h5 (Keras layout) or tfjs-layers model.json of VGG19; absent → the face-api recognition-network loss. */
  vgg19Weights?: string;
}

/** SRGAN stage 2's content loss: VGG54 from the given weights, else (for faces) face-api's recognition features. */
export async function createContentLoss(tf: Tf, options: ContentLossOptions = {}): Promise<ContentLoss> {
  return options.vgg19Weights ? createVgg19ContentLoss(tf, options.vgg19Weights) : createFaceRecognitionContentLoss(tf);
}
