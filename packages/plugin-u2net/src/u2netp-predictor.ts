/**
 * Predicting masks with trained u2netp weights: batch norm on its running averages, the fused map
 * d0 through a sigmoid (optionally stretched to 0..1 per face, as the reference's inference does).
 */
import { tf, type Image, type MaskPredictor } from '@faceforge/core';
import { U2NetP } from './u2netp.js';
import { imagesToTensor, tensorToMasks } from './face-batch.js';
import { readU2NetWeights } from './u2net-weights.js';
import { u2netSettings } from './u2net-config.js';

/** Faces per forward pass: at 320 px a larger batch outgrows the wasm heap. */
const PREDICT_BATCH = 4;

export class U2NetPredictor implements MaskPredictor {
  private constructor(
    private readonly net: U2NetP,
    readonly inputSize: number,
    private readonly minMaxNormalize: boolean,
  ) {}

  static async open(weightsFile: string, config: Record<string, unknown>): Promise<U2NetPredictor> {
    const saved = await readU2NetWeights(weightsFile);
    const net = new U2NetP(0);
    try {
      net.store.load(saved.tensors, weightsFile);
    } catch (error) {
      net.dispose();
      throw error;
    }
    return new U2NetPredictor(net, saved.meta.inputSize, u2netSettings(config).minMaxNormalize);
  }

  async predict(faces: Image[]): Promise<Image[]> {
    const masks: Image[] = [];
    for (let start = 0; start < faces.length; start += PREDICT_BATCH) {
      const batch = faces.slice(start, start + PREDICT_BATCH);
      const output = tf.tidy(() => {
        const [fused] = this.net.forward(U2NetP.normaliseInput(imagesToTensor(batch)), { training: false, observed: [] });
        const probability = tf.sigmoid(fused!);
        if (!this.minMaxNormalize) return probability as tf.Tensor4D;
        const low = tf.min(probability, [1, 2, 3], true);
        const high = tf.max(probability, [1, 2, 3], true);
        return tf.div(tf.sub(probability, low), tf.maximum(tf.sub(high, low), 1e-6)) as tf.Tensor4D;
      });
      masks.push(...(await tensorToMasks(output)));
      output.dispose();
    }
    return masks;
  }

  dispose(): void {
    this.net.dispose();
  }
}
