/**
 * face-api's 68-point landmark net (FaceLandmark68Net: FaceFeatureExtractor's four dense blocks,
 * a 7×7 average pool and a dense layer) rebuilt from its own weights with fused kernels. Each
 * separable convolution's bias (and the ReLU that follows the first one of a block) runs inside
 * its pointwise convolution, where face-api runs the convolution, then an Add and a Relu over the
 * whole activation; on native those element-wise passes and their dispatch cost about as much as
 * the convolutions. A bias added after the sum is the same float as face-api's separate Add, so
 * the landmarks are face-api's exactly (tested against its own forwardInput).
 */
import { tf } from '../tf.js';

type Tensor4D = tf.Tensor4D;

/** face-api's landmark net input side. */
export const LANDMARK_INPUT = 112;

interface SeparableConv {
  depthwise: Tensor4D;
  pointwise: Tensor4D;
  bias: tf.Tensor1D;
}

interface DenseBlock {
  /** The first block's first convolution is a plain 3×3 one; the others' are separable. */
  first: { filter: Tensor4D; bias: tf.Tensor1D } | SeparableConv;
  rest: [SeparableConv, SeparableConv, SeparableConv];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- face-api's param objects are untyped here: its typings carry their own tfjs */
function separable(p: any): SeparableConv {
  return { depthwise: p.depthwise_filter.clone(), pointwise: p.pointwise_filter.clone(), bias: p.bias.clone() };
}

export class FusedLandmarkNet {
  private readonly blocks: DenseBlock[];
  private readonly fc: { weights: tf.Tensor2D; bias: tf.Tensor1D };

  /** From face-api's loaded `faceLandmark68Net` (its own weights, copied: face-api keeps its own). */
  constructor(net: any) {
    const features = net.faceFeatureExtractor.params;
    this.blocks = ['dense0', 'dense1', 'dense2', 'dense3'].map((name, i): DenseBlock => {
      const p = features[name];
      return { first: i === 0 ? { filter: p.conv0.filters.clone(), bias: p.conv0.bias.clone() } : separable(p.conv0), rest: [separable(p.conv1), separable(p.conv2), separable(p.conv3)] };
    });
    this.fc = { weights: net.params.fc.weights.clone(), bias: net.params.fc.bias.clone() };
  }
  /* eslint-enable @typescript-eslint/no-explicit-any */

  /** Normalised crops [n, 112, 112, 3] (faceNetBatch) → each face's 68 points relative to its crop, x y interleaved, [n, 136]. */
  forward(batch: Tensor4D): Float32Array {
    const output = tf.tidy(() => {
      let out = batch;
      // a tidy per block, as face-api: its intermediates go back to the backend's pool for the next block
      for (const [i, block] of this.blocks.entries()) out = tf.tidy(() => denseBlock(out, block, i === 0));
      const pooled = tf.avgPool(out, [7, 7], [2, 2], 'valid');
      return tf.fused.matMul({ a: tf.reshape(pooled, [batch.shape[0], -1]), b: this.fc.weights, bias: this.fc.bias });
    });
    const values = output.dataSync() as Float32Array;
    output.dispose();
    // face-api's postProcess on a square crop already at the input size: × 112, − 0 padding, ÷ 112
    const fround = Math.fround;
    for (let i = 0; i < values.length; i++) values[i] = fround(fround(values[i]! * LANDMARK_INPUT) / LANDMARK_INPUT);
    return values;
  }

  dispose(): void {
    const convs = this.blocks.flatMap((b) => [b.first, ...b.rest]);
    for (const conv of convs) for (const t of Object.values(conv)) (t as tf.Tensor).dispose();
    this.fc.weights.dispose();
    this.fc.bias.dispose();
  }
}

/** face-api's depthwiseSeparableConv (separableConv2d, then + bias), the bias and an optional ReLU fused into the pointwise step. */
function separableConv(x: Tensor4D, conv: SeparableConv, stride: 1 | 2, activation: 'relu' | 'linear'): Tensor4D {
  const depthwise = tf.depthwiseConv2d(x, conv.depthwise, stride, 'same');
  return tf.fused.conv2d({ x: depthwise, filter: conv.pointwise, strides: 1, pad: 'valid', bias: conv.bias, activation });
}

/** face-api's denseBlock4 (scale-down), the sums in its order. */
function denseBlock(x: Tensor4D, block: DenseBlock, isFirst: boolean): Tensor4D {
  const out1 = isFirst
    ? tf.fused.conv2d({ x, filter: (block.first as { filter: Tensor4D }).filter, strides: 2, pad: 'same', bias: block.first.bias, activation: 'relu' })
    : separableConv(x, block.first as SeparableConv, 2, 'relu');
  const [conv1, conv2, conv3] = block.rest;
  const out2 = separableConv(out1, conv1, 1, 'linear');
  const in3 = tf.relu(tf.add(out1, out2)) as Tensor4D;
  const out3 = separableConv(in3, conv2, 1, 'linear');
  const in4 = tf.relu(tf.add(out1, tf.add(out2, out3))) as Tensor4D;
  const out4 = separableConv(in4, conv3, 1, 'linear');
  return tf.relu(tf.add(out1, tf.add(out2, tf.add(out3, out4)))) as Tensor4D;
}
