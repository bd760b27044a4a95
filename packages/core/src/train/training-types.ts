/** The values that travel through the training hooks. */
import type { tf } from '../tf.js';
import type { Image, Point } from '../data/image.js';
import type { FaceRecord } from '../data/face-record.js';
import type { Rng } from '../util/rng.js';
import type { Side, FaceSwapModel } from '../model/face-swap-model.js';
import type { ConfigValues } from '../config/ini-file.js';
import type { LossMasks, SideLoss } from '../hooks/loss-types.js';

/** One face on its way into a batch. Augmentations edit it in stage order. */
export interface TrainingSample {
  /** What the model should produce: the augmented, unwarped face. */
  target: Image;
  /** Masks that follow the target's geometry (face, eye, mouth), 1 channel each. */
  masks: Record<string, Image>;
  landmarks?: Point[];
  /** What the model sees; the warp stage sets it. Defaults to the target. */
  feed?: Image;
}

export interface AugmentFlags {
  flip: boolean;
  warp: boolean;
  augmentColor: boolean;
  warpToLandmarks: boolean;
}

export interface SampleContext {
  side: Side;
  face: FaceRecord;
  /** Index of the face in its side's set. */
  faceIndex: number;
  iteration: number;
  /** Seeded for (seed, side, iteration, slot): the same draw on a resumed run. */
  rng: Rng;
  flags: AugmentFlags;
  /** Landmarks of every face of the other side (warp-to-landmarks), when all faces carry them. */
  otherSide?: { landmarks: Point[][] };
  /** Landmarks of every face of this side, same order as the face set. */
  thisSide?: { landmarks: Point[][] };
}

export interface LossContext {
  side: Side;
  yTrue: tf.Tensor4D;
  yPred: tf.Tensor4D;
  masks: LossMasks;
  maskPred?: tf.Tensor4D;
}

/** What the model is built with besides its own section. */
export interface ModelOptions {
  /** Add a mask output to each decoder (the loss plugin's learn_mask). */
  learnMask: boolean;
}

/** What the face sets are loaded with. */
export interface DataNeeds {
  /** Masks stored in the face files (by extraction or `faceforge mask`) to load with each face. */
  storedMasks: string[];
}

/** One side's faces, loaded: a tap adds the masks the loss needs to every face and names them. */
export interface FacePreparation {
  side: Side;
  faces: FaceRecord[];
  /** Processing size of the faces (pixels). */
  size: number;
  /** Mask names every face now carries in `face.masks`, batched with the faces (face, eye, mouth). */
  maskNames: string[];
}

export interface OptimizerRequest {
  model: FaceSwapModel;
}

export interface StepReport {
  iteration: number;
  sessionIteration: number;
  lossA: number;
  lossB: number;
  terms: { a: Record<string, number>; b: Record<string, number> };
  /** Examples per second over the session so far (both sides, faceswap's EG/s). */
  egPerSec: number;
}

export interface NonFiniteReport {
  iteration: number;
  side: Side;
  terms: Record<string, number>;
}

export interface TrainingRun {
  modelDir: string;
  model: FaceSwapModel;
  config: ConfigValues;
}

export interface SaveInfo {
  modelDir: string;
  iteration: number;
  reason: 'interval' | 'exit';
}

export interface SnapshotInfo {
  modelDir: string;
  snapshotDir: string;
  iteration: number;
}

export interface PreviewInfo {
  modelDir: string;
  iteration: number;
  path: string;
  png: Buffer;
}

export type { SideLoss };
