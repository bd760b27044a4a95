/**
 * VGG19 (Simonyan & Zisserman 2014) as keras.applications.VGG19 builds it, up to `block5_conv4`:
 * 3×3 'same' convolutions with ReLU, 2×2 max pooling between blocks, Keras's layer names, so the
 * weights of a Keras file load by name. `block5_conv4` is `VGG19(include_top=False).layers[20]`,
 * SRGAN's VGG54 (the features after its ReLU, as the Keras layer outputs them).
 */
import { layerWeights, type KerasWeights, type Tf, type tf } from '@faceforge/core';

/** [layer name, input channels, output channels], in model order; a pool follows each block but the last. */
export const VGG19_CONV_LAYERS: ReadonlyArray<readonly [string, number, number]> = [
  ['block1_conv1', 3, 64], ['block1_conv2', 64, 64],
  ['block2_conv1', 64, 128], ['block2_conv2', 128, 128],
  ['block3_conv1', 128, 256], ['block3_conv2', 256, 256], ['block3_conv3', 256, 256], ['block3_conv4', 256, 256],
  ['block4_conv1', 256, 512], ['block4_conv2', 512, 512], ['block4_conv3', 512, 512], ['block4_conv4', 512, 512],
  ['block5_conv1', 512, 512], ['block5_conv2', 512, 512], ['block5_conv3', 512, 512], ['block5_conv4', 512, 512],
];

/** keras.applications.vgg19.preprocess_input ('caffe' mode) subtracts these from BGR pixels in 0..255. */
export const IMAGENET_MEAN_BGR = [103.939, 116.779, 123.68] as const;

interface ConvWeights {
  name: string;
  kernel: tf.Tensor4D;
  bias: tf.Tensor1D;
}

export class Vgg19Features {
  private constructor(
    private readonly tf: Tf,
    private readonly convs: ConvWeights[],
  ) {}

  /** Takes the 16 conv layers' weights by name from a Keras file; other layers (fc1, predictions) are ignored. */
  static fromKerasWeights(tf: Tf, weights: KerasWeights): Vgg19Features {
    const convs = VGG19_CONV_LAYERS.map(([name, inChannels, outChannels]) => {
      const [kernel, bias] = layerWeights(weights, name, [[3, 3, inChannels, outChannels], [outChannels]]);
      return { name, kernel: tf.tensor4d(kernel!.values, [3, 3, inChannels, outChannels]), bias: tf.tensor1d(bias!.values) };
    });
    return new Vgg19Features(tf, convs);
  }

  /** Keras's preprocess_input: RGB in [0, 1] → BGR in 0..255 minus the ImageNet means. */
  preprocess(rgb: tf.Tensor4D): tf.Tensor4D {
    const { tf } = this;
    return tf.tidy(() => {
      const bgr = tf.reverse(tf.mul(rgb, 255), 3);
      return tf.sub(bgr, tf.tensor1d([...IMAGENET_MEAN_BGR]));
    });
  }

  /** The output of `upTo` (default block5_conv4) for preprocessed input. */
  features(preprocessed: tf.Tensor4D, upTo = 'block5_conv4'): tf.Tensor4D {
    const { tf } = this;
    return tf.tidy(() => {
      let x = preprocessed;
      for (const conv of this.convs) {
        if (conv.name.endsWith('_conv1') && conv.name !== 'block1_conv1') x = tf.maxPool(x, 2, 2, 'valid');
        x = tf.relu(tf.add(tf.conv2d(x, conv.kernel, 1, 'same'), conv.bias)) as tf.Tensor4D;
        if (conv.name === upTo) return x;
      }
      throw new Error(`VGG19 has no conv layer '${upTo}'`);
    });
  }

  dispose(): void {
    for (const conv of this.convs) {
      conv.kernel.dispose();
      conv.bias.dispose();
    }
  }
}
