/**
 * Builds one side's batch: picks faces, runs each through the augmentation chain (prepareBatch
 * hook) with a generator seeded by (seed, side, iteration, slot), and packs the results into
 * tensors: the feed at the model's input size, the target and masks at its output size.
 */
import { tf } from '../tf.js';
import type { FaceRecord } from '../data/face-record.js';
import type { Image, Point } from '../data/image.js';
import { cloneImage } from '../data/image.js';
import { Rng } from '../util/rng.js';
import type { ForgeHooks } from '../hooks/forge-hooks.js';
import type { Side } from '../model/face-swap-model.js';
import type { AugmentFlags, TrainingSample } from './training-types.js';
import { BatchSampler } from '../data/batch-sampler.js';

export interface SideData {
  side: Side;
  faces: FaceRecord[];
  sampler: BatchSampler;
  /** Mask names the loss needs (face, eye, mouth), present in every face's `masks`. */
  maskNames: string[];
  landmarks?: Point[][];
}

export interface Batch {
  feed: tf.Tensor4D;
  target: tf.Tensor4D;
  masks: Record<string, tf.Tensor4D>;
  dispose(): void;
}

export interface BatchContext {
  hooks: ForgeHooks;
  seed: number;
  flags: AugmentFlags;
  inputSize: number;
  outputSize: number;
  other?: SideData;
}

function stack(images: Image[]): tf.Tensor4D {
  const { width, height, channels } = images[0]!;
  const size = width * height * channels;
  const data = new Float32Array(images.length * size);
  images.forEach((image, i) => data.set(image.data, i * size));
  return tf.tensor4d(data, [images.length, height, width, channels]);
}

function resized(batch: tf.Tensor4D, size: number): tf.Tensor4D {
  if (batch.shape[1] === size) return batch;
  return tf.tidy(() => tf.image.resizeBilinear(batch, [size, size], true));
}

export function buildBatch(data: SideData, iteration: number, context: BatchContext): Batch {
  const samples: TrainingSample[] = data.sampler.indices(iteration).map((faceIndex, slot) => {
    const face = data.faces[faceIndex]!;
    const masks: Record<string, Image> = {};
    for (const name of data.maskNames) masks[name] = cloneImage(face.masks[name]!);
    const sample: TrainingSample = { target: cloneImage(face.image), masks, landmarks: face.landmarks?.map((p) => [p[0], p[1]] as Point) };
    return context.hooks.prepareBatch.call(sample, {
      side: data.side, face, faceIndex, iteration, rng: Rng.for(context.seed, 'augment', data.side, iteration, slot),
      flags: context.flags,
      thisSide: data.landmarks ? { landmarks: data.landmarks } : undefined,
      otherSide: context.other?.landmarks ? { landmarks: context.other.landmarks } : undefined,
    });
  });
  const feedFull = stack(samples.map((s) => s.feed ?? s.target));
  const targetFull = stack(samples.map((s) => s.target));
  const feed = resized(feedFull, context.inputSize);
  const target = resized(targetFull, context.outputSize);
  if (feed !== feedFull) feedFull.dispose();
  if (target !== targetFull) targetFull.dispose();
  const masks: Record<string, tf.Tensor4D> = {};
  for (const name of data.maskNames) {
    const full = stack(samples.map((s) => s.masks[name]!));
    masks[name] = resized(full, context.outputSize);
    if (masks[name] !== full) full.dispose();
  }
  return {
    feed, target, masks,
    dispose() {
      feed.dispose();
      target.dispose();
      for (const m of Object.values(masks)) m.dispose();
    },
  };
}
