/**
 * face-api's FaceRecognitionNet (a ResNet-34-like port of dlib's face recognition model: 150 px
 * input, 128-d descriptor) for the content loss, gradients flowing through it: face-api's own
 * forward pass takes a NetInput, casts and tidies its way to a descriptor, an inference path that
 * tf.grad cannot differentiate through. The network is core's (FusedRecognitionNet, the one
 * extraction runs), built from the quantized weight files the package ships
 * (`model/face_recognition_model*`, decoded by tfjs); this adds face-api's input normalisation.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelFileError, type Tf, type tf } from '@faceforge/core';
import { faceApiModelDir, FusedRecognitionNet } from '@faceforge/core/extract';

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
    private readonly net: FusedRecognitionNet,
  ) {}

  static async load(tf: Tf, modelDir = faceApiModelDir()): Promise<FaceRecognitionNet> {
    const weights = await loadWeightMap(tf, modelDir);
    try {
      return new FaceRecognitionNet(tf, FusedRecognitionNet.fromWeights(weights));
    } finally {
      tf.dispose(Object.values(weights));
    }
  }

  /** Normalised 150 px input (see `prepare`) → the 128-d descriptors, [batch, 128]. Differentiable. */
  descriptors(normalized: tf.Tensor4D): tf.Tensor2D {
    return this.net.descriptors(normalized);
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
    this.net.dispose();
  }
}
