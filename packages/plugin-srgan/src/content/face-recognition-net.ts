/**
 * face-api's FaceRecognitionNet (a ResNet-34-like port of dlib's face recognition model: 150 px
 * input, 128-d descriptor), rebuilt from its weight map with plain tfjs ops so gradients flow
 * through it: face-api's own forward pass takes a NetInput, casts and tidies its way to a
 * descriptor, which is an inference path, not something tf.grad can differentiate through.
 * The ops and their order follow face-api's src/faceRecognitionNet (convLayer, residualLayer,
 * FaceRecognitionNet.forwardInput); the weights are the quantized file the package ships
 * (`model/face_recognition_model*`), decoded by tfjs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelFileError, type Tf, type tf } from '@faceforge/core';
import { faceApiModelDir } from '@faceforge/core/extract';

/** The input side the network was trained at. */
export const FACE_RECOGNITION_INPUT_SIZE = 150;
/** face-api subtracts these (RGB, 0..255) before dividing by 255. */
const MEAN_RGB = [122.782, 117.001, 104.298];

type WeightMap = Record<string, tf.Tensor>;

async function loadWeightMap(tf: Tf, modelDir: string): Promise<WeightMap> {
  const manifestFile = join(modelDir, 'face_recognition_model-weights_manifest.json');
  try {
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
    const weights: WeightMap = {};
    for (const group of manifest) {
      const data = Buffer.concat(await Promise.all(group.paths.map((path) => readFile(join(modelDir, path)))));
      Object.assign(weights, tf.io.decodeWeights(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength), group.weights));
    }
    return weights;
  } catch (error) {
    throw new ModelFileError(`${manifestFile}: cannot load face-api's recognition weights (${(error as Error).message}): reinstall @vladmandic/face-api`);
  }
}

export class FaceRecognitionNet {
  private constructor(
    private readonly tf: Tf,
    private readonly weights: WeightMap,
  ) {}

  static async load(tf: Tf, modelDir = faceApiModelDir()): Promise<FaceRecognitionNet> {
    return new FaceRecognitionNet(tf, await loadWeightMap(tf, modelDir));
  }

  private weight(name: string): tf.Tensor {
    const tensor = this.weights[name];
    if (!tensor) throw new ModelFileError(`face-api's recognition weights have no '${name}'`);
    return tensor;
  }

  /** conv → + bias → per-channel scale and shift (dlib's affine layer) → optional ReLU. */
  private conv(x: tf.Tensor4D, prefix: string, stride: 1 | 2, relu: boolean, padding: 'same' | 'valid' = 'same'): tf.Tensor4D {
    const { tf } = this;
    let out: tf.Tensor = tf.conv2d(x, this.weight(`${prefix}/conv/filters`) as tf.Tensor4D, stride, padding);
    out = tf.add(out, this.weight(`${prefix}/conv/bias`));
    out = tf.add(tf.mul(out, this.weight(`${prefix}/scale/weights`)), this.weight(`${prefix}/scale/biases`));
    return (relu ? tf.relu(out) : out) as tf.Tensor4D;
  }

  private residual(x: tf.Tensor4D, prefix: string): tf.Tensor4D {
    const out = this.conv(this.conv(x, `${prefix}/conv1`, 1, true), `${prefix}/conv2`, 1, false);
    return this.tf.relu(this.tf.add(out, x)) as tf.Tensor4D;
  }

  /** The downsampling block: a strided valid conv; the shortcut is a 2×2 average pool, zero-padded to the new channel count. */
  private residualDown(x: tf.Tensor4D, prefix: string): tf.Tensor4D {
    const { tf } = this;
    let out = this.conv(this.conv(x, `${prefix}/conv1`, 2, true, 'valid'), `${prefix}/conv2`, 1, false);
    let pooled = tf.avgPool(x, 2, 2, 'valid');
    if (pooled.shape[1] !== out.shape[1] || pooled.shape[2] !== out.shape[2]) {
      // As face-api: the conv output is one row and column short of the pool's; pad it with zeros at the end.
      out = tf.pad(out, [[0, 0], [0, 1], [0, 1], [0, 0]]);
    }
    if (pooled.shape[3] !== out.shape[3]) pooled = tf.concat([pooled, tf.zerosLike(pooled)], 3);
    return tf.relu(tf.add(pooled, out)) as tf.Tensor4D;
  }

  /** Normalised 150 px input (see `prepare`) → the 128-d descriptors, [batch, 128]. */
  descriptors(normalized: tf.Tensor4D): tf.Tensor2D {
    const { tf } = this;
    return tf.tidy(() => {
      let out = this.conv(normalized, 'conv32_down', 2, true, 'valid');
      out = tf.maxPool(out, 3, 2, 'valid');
      for (const block of ['conv32_1', 'conv32_2', 'conv32_3']) out = this.residual(out, block);
      out = this.residualDown(out, 'conv64_down');
      for (const block of ['conv64_1', 'conv64_2', 'conv64_3']) out = this.residual(out, block);
      out = this.residualDown(out, 'conv128_down');
      for (const block of ['conv128_1', 'conv128_2']) out = this.residual(out, block);
      out = this.residualDown(out, 'conv256_down');
      for (const block of ['conv256_1', 'conv256_2']) out = this.residual(out, block);
      out = this.residualDown(out, 'conv256_down_out');
      return tf.matMul(tf.mean(out, [1, 2]) as tf.Tensor2D, this.weight('fc') as tf.Tensor2D);
    });
  }

  /** RGB in [0, 1], any size → bilinear to 150 px → face-api's normalisation. Square faces keep their shape. */
  prepare(rgb: tf.Tensor4D): tf.Tensor4D {
    const { tf } = this;
    return tf.tidy(() => {
      const sized = rgb.shape[1] === FACE_RECOGNITION_INPUT_SIZE && rgb.shape[2] === FACE_RECOGNITION_INPUT_SIZE ? rgb : tf.image.resizeBilinear(rgb, [FACE_RECOGNITION_INPUT_SIZE, FACE_RECOGNITION_INPUT_SIZE], false, false);
      return tf.div(tf.sub(tf.mul(sized, 255), tf.tensor1d(MEAN_RGB)), 255);
    });
  }

  dispose(): void {
    for (const tensor of Object.values(this.weights)) tensor.dispose();
  }
}
