import type { tf } from '@faceforge/core';

/** A perceptual loss for SRGAN's stage 2: a fixed (frozen) feature network, compared on SR and HR images. */
export interface ContentLoss {
  readonly name: 'vgg19' | 'face-recognition';
  /** One line, for logs and the README. */
  readonly description: string;
  /** Differentiable loss between a batch of SR images and their HR images, NHWC RGB in [0, 1], any size >= 24 px. */
  loss(sr: tf.Tensor4D, hr: tf.Tensor4D): tf.Scalar;
  dispose(): void;
}

