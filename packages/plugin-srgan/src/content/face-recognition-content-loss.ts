/**
 * The default content loss for faces when no VGG19 file is given: face-api's recognition network
 * (weights ship in @vladmandic/face-api), SR and HR resized to its 150 px input, loss = squared
 * euclidean distance between their 128-d descriptors, averaged over the batch.
 *
 * Why the descriptor and not a feature map: the descriptor is what the network was trained to
 * make identity-preserving (same person < 0.6 apart), so the loss asks the upscaler exactly to
 * keep who the face is; the network's spatial maps are small (8×8 after conv128, 2×2 at the end)
 * and were never trained to be compared directly. The squared distance is smooth at 0, so the
 * gradient fades as SR reaches HR's identity instead of pulling with constant strength.
 */
import type { Tf, tf } from '@faceforge/core';
import type { ContentLoss } from './content-loss.js';
import { faceApiModelDir } from '@faceforge/core/extract';
import { FaceRecognitionNet } from './face-recognition-net.js';

export async function createFaceRecognitionContentLoss(tf: Tf, modelDir = faceApiModelDir()): Promise<ContentLoss> {
  const net = await FaceRecognitionNet.load(tf, modelDir);
  return {
    name: 'face-recognition',
    description: `face-api recognition net (ResNet-34-like, 150 px): squared distance between SR and HR 128-d descriptors (weights: ${modelDir})`,
    loss(sr: tf.Tensor4D, hr: tf.Tensor4D): tf.Scalar {
      return tf.tidy(() => {
        const difference = tf.sub(net.descriptors(net.prepare(sr)), net.descriptors(net.prepare(hr)));
        return tf.mean(tf.sum(tf.square(difference), 1)) as tf.Scalar;
      });
    },
    dispose() {
      net.dispose();
    },
  };
}
