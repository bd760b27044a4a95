/**
 * face-api's recognition net (FaceRecognitionNet: dlib's ResNet, 150 px in, a 128-d descriptor
 * out) rebuilt from its own weights with fused kernels. face-api follows each convolution with an
 * Add (its bias), a Mul and an Add (dlib's affine "scale" layer) and often a Relu, four passes over
 * every activation; here the scale is folded into the filter and bias (w·s, b·s + t), so each
 * convolution is one fused kernel. Folding rounds differently from face-api's chain: descriptors
 * differ from its own by ~1e-7 (tested), far below the 0.4–0.6 distances that tell faces apart.
 * Built from face-api's loaded net (extraction) or from its weight files (plugin-srgan's content
 * loss, which differentiates through it).
 */
import { tf } from '../tf.js';
import { ModelFileError } from '../util/errors.js';

type Tensor4D = tf.Tensor4D;

/** face-api's recognition net input side. */
export const RECOGNITION_INPUT = 150;

interface FoldedConv {
  filter: Tensor4D;
  bias: tf.Tensor1D;
}

interface Residual {
  conv1: FoldedConv;
  conv2: FoldedConv;
}

/** One of dlib's conv layers as face-api names its weights: the convolution, then the affine "scale" layer. */
export interface RecognitionConvLayer {
  conv: { filters: tf.Tensor; bias: tf.Tensor };
  scale: { weights: tf.Tensor; biases: tf.Tensor };
}

/** A convLayer's conv + bias + scale as one convolution: (x∗w + b)·s + t = x∗(w·s) + (b·s + t). */
function fold(p: RecognitionConvLayer): FoldedConv {
  return tf.tidy(() => {
    const s = p.scale.weights as tf.Tensor1D;
    return { filter: tf.mul(p.conv.filters, s) as Tensor4D, bias: tf.add(tf.mul(p.conv.bias, s), p.scale.biases) as tf.Tensor1D };
  });
}

const RESIDUALS = ['conv32_1', 'conv32_2', 'conv32_3', 'conv64_down', 'conv64_1', 'conv64_2', 'conv64_3', 'conv128_down', 'conv128_1', 'conv128_2', 'conv256_down', 'conv256_1', 'conv256_2', 'conv256_down_out'] as const;

export class FusedRecognitionNet {
  private readonly down: FoldedConv;
  private readonly residuals: Map<string, Residual>;
  private readonly fc: tf.Tensor2D;

  /** `layer('conv32_down')`, `layer('conv32_1/conv1')`, ...: face-api's conv layers by name; `fc` its last matrix. Copies what it keeps. */
  private constructor(layer: (name: string) => RecognitionConvLayer, fc: tf.Tensor) {
    this.down = fold(layer('conv32_down'));
    this.residuals = new Map(RESIDUALS.map((name) => [name, { conv1: fold(layer(`${name}/conv1`)), conv2: fold(layer(`${name}/conv2`)) }]));
    this.fc = fc.clone() as tf.Tensor2D;
  }

  /** From face-api's loaded `faceRecognitionNet` (its weights are read, not kept). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- face-api's param objects are untyped here: its typings carry their own tfjs
  static fromFaceApi(net: any): FusedRecognitionNet {
    const params = net.params;
    return new FusedRecognitionNet((name) => name.split('/').reduce((p, key) => p[key], params), params.fc);
  }

  /**
   * From face-api's weight map as tfjs decodes its files (`conv32_down/conv/filters`,
   * `conv32_1/conv1/scale/weights`, ..., `fc`); the map's tensors are read, not kept. Throws on a missing weight.
   */
  static fromWeights(weights: Readonly<Record<string, tf.Tensor>>): FusedRecognitionNet {
    const weight = (name: string) => {
      const tensor = weights[name];
      if (!tensor) throw new ModelFileError(`face-api's recognition weights have no '${name}'`);
      return tensor;
    };
    const layer = (name: string): RecognitionConvLayer => ({
      conv: { filters: weight(`${name}/conv/filters`), bias: weight(`${name}/conv/bias`) },
      scale: { weights: weight(`${name}/scale/weights`), biases: weight(`${name}/scale/biases`) },
    });
    return new FusedRecognitionNet(layer, weight('fc'));
  }

  /**
   * Normalised crops [n, 150, 150, 3] (faceNetBatch) → descriptors [n, 128], in face-api's
   * FaceRecognitionNet.forwardInput order. Differentiable: under tf.grad the fused convolutions
   * run as their separate ops.
   */
  descriptors(batch: Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      let out = conv(batch, this.down, 2, 'relu', 'valid');
      out = tf.maxPool(out, 3, 2, 'valid');
      for (const name of RESIDUALS) {
        // a tidy per block: its intermediates go back to the backend's pool for the next one
        const block = this.residuals.get(name)!, input = out;
        out = tf.tidy(() => (name.includes('down') ? residualDown(input, block) : residual(input, block)));
      }
      return tf.matMul(tf.mean(out, [1, 2]) as tf.Tensor2D, this.fc);
    });
  }

  /** The descriptors read out, [n × 128]. */
  forward(batch: Tensor4D): Float32Array {
    const output = this.descriptors(batch);
    const values = output.dataSync() as Float32Array;
    output.dispose();
    return values;
  }

  dispose(): void {
    for (const c of [this.down, ...[...this.residuals.values()].flatMap((r) => [r.conv1, r.conv2])]) (c.filter.dispose(), c.bias.dispose());
    this.fc.dispose();
  }
}

function conv(x: Tensor4D, c: FoldedConv, stride: 1 | 2, activation: 'relu' | 'linear', pad: 'same' | 'valid' = 'same'): Tensor4D {
  return tf.fused.conv2d({ x, filter: c.filter, strides: stride, pad, bias: c.bias, activation });
}

function residual(x: Tensor4D, r: Residual): Tensor4D {
  const out = conv(conv(x, r.conv1, 1, 'relu'), r.conv2, 1, 'linear');
  return tf.relu(tf.add(out, x)) as Tensor4D;
}

/** face-api's residualDown: the shortcut is a 2×2 average pool, its channels zero-padded, the strided branch zero-padded by a row and a column when short. */
function residualDown(x: Tensor4D, r: Residual): Tensor4D {
  let out = conv(conv(x, r.conv1, 2, 'relu', 'valid'), r.conv2, 1, 'linear');
  let pooled = tf.avgPool(x, 2, 2, 'valid');
  if (pooled.shape[1] !== out.shape[1] || pooled.shape[2] !== out.shape[2]) out = tf.pad(out, [[0, 0], [0, 1], [0, 1], [0, 0]]);
  if (pooled.shape[3] !== out.shape[3]) pooled = tf.concat([pooled, tf.zerosLike(pooled)], 3);
  return tf.relu(tf.add(pooled, out)) as Tensor4D;
}
