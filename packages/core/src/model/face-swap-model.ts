/**
 * What a model plugin builds: named parts (each saved as its own weights file so an encoder can
 * travel between projects) and a forward pass from a face to a decoder's output.
 */
import type { Tf } from '../tf.js';
import { tf } from '../tf.js';
import type { Blocks, ModelGlobalOptions } from './blocks.js';

export type Side = 'a' | 'b';

export interface ModelOutputs {
  face: tf.Tensor4D;
  /** Present when the model learns a mask (learn_mask). */
  mask?: tf.Tensor4D;
}

export interface FaceSwapModel {
  /** Square input size in pixels. */
  inputSize: number;
  /** Square output size in pixels. */
  outputSize: number;
  /** Separately saved parts, e.g. { encoder, decoder_a, decoder_b }. */
  parts: Record<string, tf.LayersModel>;
  /** Parts that --load-weights copies and --freeze-weights freezes (faceswap: ['encoder']). */
  sharedParts: string[];
  learnMask: boolean;
  /** Encodes `input` and decodes it with the decoder of `decoder` ('a' reconstructs A, 'b' swaps A to B). */
  forward(input: tf.Tensor4D, decoder: Side, training?: boolean): ModelOutputs;
  /**
   * Both reconstructions in one pass (face A through decoder A, face B through decoder B), where the
   * model can run its shared part once on both batches: half the calls, each on twice the rows.
   */
  forwardPair?(inputA: tf.Tensor4D, inputB: tf.Tensor4D, training?: boolean): Record<Side, ModelOutputs>;
}

export interface ModelBuildContext {
  tf: Tf;
  /** This model's own config section, validated. */
  config: Record<string, unknown>;
  /** Add a mask output to each decoder: asked for by the loss plugin (learn_mask, as in faceswap). */
  learnMask: boolean;
  /** Made with `globalOptions`: they honour them without the model doing anything. */
  blocks: Blocks;
  /**
   * The [global] options that change how a model is built (faceswap's icnr_init, reflect_padding),
   * fixed when the model is created. Absent when a caller builds a model directly with default blocks.
   */
  globalOptions?: ModelGlobalOptions;
  seed: number;
  /** Wires the common one-encoder, two-decoder layout (so plugins need no runtime import of core). */
  sharedEncoderModel: typeof sharedEncoderModel;
}

/** A model plugin registers one of these under its name (`-t NAME`). */
export interface ModelDefinition {
  name: string;
  description: string;
  build(context: ModelBuildContext): FaceSwapModel;
}

/** The common layout (one encoder, decoders a and b): wires `forward` for plugins that use it. */
export function sharedEncoderModel(options: {
  inputSize: number;
  outputSize: number;
  encoder: tf.LayersModel;
  decoderA: tf.LayersModel;
  decoderB: tf.LayersModel;
  learnMask: boolean;
}): FaceSwapModel {
  const decoders = { a: options.decoderA, b: options.decoderB };
  const decode = (side: Side, latent: tf.Tensor, training: boolean): ModelOutputs => {
    const out = decoders[side].apply(latent, { training }) as tf.Tensor | tf.Tensor[];
    if (Array.isArray(out)) return { face: out[0] as tf.Tensor4D, mask: out[1] as tf.Tensor4D };
    return { face: out as tf.Tensor4D };
  };
  return {
    inputSize: options.inputSize,
    outputSize: options.outputSize,
    parts: { encoder: options.encoder, decoder_a: options.decoderA, decoder_b: options.decoderB },
    sharedParts: ['encoder'],
    learnMask: options.learnMask,
    forward(input, decoder, training = false) {
      return decode(decoder, options.encoder.apply(input, { training }) as tf.Tensor, training);
    },
    // Running A and B through the encoder as one batch is the same only if no layer mixes a batch's examples.
    forwardPair: mixesExamples(options.encoder) ? undefined : (inputA, inputB, training = false) => {
      const latent = options.encoder.apply(tf.concat([inputA, inputB]), { training }) as tf.Tensor;
      const rows = inputA.shape[0];
      const [latentA, latentB] = tf.split(latent, [rows, latent.shape[0]! - rows]);
      return { a: decode('a', latentA!, training), b: decode('b', latentB!, training) };
    },
  };
}

/** Layers whose output for one example depends on the others in its batch (batch statistics). */
const BATCH_MIXING_LAYERS = new Set(['BatchNormalization']);

function mixesExamples(model: tf.LayersModel): boolean {
  return model.layers.some((layer) => BATCH_MIXING_LAYERS.has(layer.getClassName()) || (layer instanceof tf.LayersModel && mixesExamples(layer)));
}

export function countParameters(model: tf.LayersModel): number {
  return model.weights.reduce((sum, w) => sum + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

/** One line per layer and a total per part: what `--summary` prints. */
export function summarizeModel(model: FaceSwapModel): string {
  const lines: string[] = [];
  let total = 0;
  for (const [partName, part] of Object.entries(model.parts)) {
    const count = countParameters(part);
    total += count;
    lines.push(`${partName}: ${count.toLocaleString('en-US')} parameters`);
    for (const layer of part.layers) {
      const params = layer.countParams();
      const shape = JSON.stringify(layer.outputShape).replace(/null/g, 'N');
      lines.push(`  ${layer.name.padEnd(32)} ${layer.getClassName().padEnd(14)} ${shape.padEnd(22)} ${params.toLocaleString('en-US')}`);
    }
  }
  lines.push(`total: ${total.toLocaleString('en-US')} parameters`);
  return lines.join('\n');
}
