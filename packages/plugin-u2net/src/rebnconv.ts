/**
 * REBNCONV, U²-Net's unit: 3×3 convolution (dilated by `dilation`, padding = dilation) →
 * batch norm → ReLU. In training, batch norm normalises with the batch's statistics and reports
 * them so the running averages can move after the step (torch: momentum 0.1, unbiased variance);
 * for prediction it uses the running averages.
 */
import { tf } from '@faceforge/core';
import { conv3x3 } from './dilated-conv.js';
import type { BatchNormParameters, ConvParameters, ParameterStore } from './parameter-store.js';

const BATCH_NORM_EPSILON = 1e-5;

/** Batch statistics seen during one training forward pass, kept for the running-average update. */
export interface ObservedStatistics {
  batchNorm: BatchNormParameters;
  mean: tf.Tensor1D;
  /** Unbiased (n − 1) variance, as torch uses for the running average. */
  variance: tf.Tensor1D;
}

export interface ForwardMode {
  training: boolean;
  /** Filled in training: one entry per batch norm, tensors kept alive until the update disposes them. */
  observed: ObservedStatistics[];
}

export class ReBnConv {
  private readonly conv: ConvParameters;
  private readonly batchNorm: BatchNormParameters;

  constructor(store: ParameterStore, key: string, inChannels: number, outChannels: number, private readonly dilation = 1) {
    this.conv = store.conv(`${key}.conv_s1`, 3, inChannels, outChannels);
    this.batchNorm = store.batchNorm(`${key}.bn_s1`, outChannels);
  }

  /** `x`: one input, or several whose channel concatenation is the input (the reference's torch.cat). */
  apply(x: tf.Tensor4D | readonly tf.Tensor4D[], mode: ForwardMode): tf.Tensor4D {
    const y = conv3x3(x, this.conv.kernel, this.conv.bias, this.dilation);
    const { gamma, beta, runningMean, runningVariance } = this.batchNorm;
    let mean: tf.Tensor1D = runningMean;
    let variance: tf.Tensor1D = runningVariance;
    if (mode.training) {
      const moments = tf.moments(y, [0, 1, 2]);
      mean = moments.mean as tf.Tensor1D;
      variance = moments.variance as tf.Tensor1D;
      const count = y.size / y.shape[3];
      mode.observed.push({
        batchNorm: this.batchNorm,
        mean: tf.keep(mean),
        variance: tf.keep(tf.mul(variance, count / Math.max(1, count - 1))),
      });
    }
    const normalised = tf.mul(tf.sub(y, mean), tf.rsqrt(tf.add(variance, BATCH_NORM_EPSILON)));
    return tf.relu(tf.add(tf.mul(normalised, gamma), beta)) as tf.Tensor4D;
  }
}

/** torch's BatchNorm2d running-average update (momentum 0.1) from one step's batch statistics. */
export function updateRunningStatistics(observed: ObservedStatistics[], momentum = 0.1): void {
  for (const { batchNorm, mean, variance } of observed) {
    tf.tidy(() => {
      batchNorm.runningMean.assign(tf.add(tf.mul(batchNorm.runningMean, 1 - momentum), tf.mul(mean, momentum)));
      batchNorm.runningVariance.assign(tf.add(tf.mul(batchNorm.runningVariance, 1 - momentum), tf.mul(variance, momentum)));
    });
    mean.dispose();
    variance.dispose();
  }
  observed.length = 0;
}
