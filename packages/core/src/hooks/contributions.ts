/** What plugins register besides models, losses and optimizers. */
import type { Tf, tf } from '../tf.js';
import type { Image, Point } from '../data/image.js';
import type { FaceRecord } from '../data/face-record.js';

/** An augmentation step. The work happens in the plugin's `prepareBatch` tap, at `stage`. */
export interface AugmentationDefinition {
  name: string;
  description: string;
  /** Position in the chain (see STAGES.prepareBatch in hook-stages.ts). */
  stage: number;
}

/** A mask type: builds a 1-channel mask for a face at a given size. */
export interface MaskDefinition {
  name: string;
  description: string;
  /** The mask of a loaded face (landmarks and stored masks in `face`), at size×size. */
  create(face: FaceRecord, size: number): Image;
  /**
   * For masks drawn from the 68 landmarks alone: the mask at size×size from landmarks given in
   * that size's pixel frame. Core draws these where it has landmarks but no loaded face: the masks
   * extraction stores in every face, and the face region curation measures sharpness in.
   */
  fromLandmarks?(landmarks: readonly Point[], size: number): Image;
  /** A learned mask: how `faceforge mask` predicts it and `faceforge mask train` trains it. */
  neural?: NeuralMaskModel;
}

/** One (face, mask) example for training a neural mask, both at the model's input size. */
export interface MaskTrainingPair {
  path: string;
  /** RGB, 0..1. */
  face: Image;
  /** 1 channel, 0..1. */
  mask: Image;
}

export interface MaskTrainingStep {
  /** Total iterations of the weights, counting earlier runs. */
  iteration: number;
  /** The loss that is minimised. */
  loss: number;
  /** Extra figures worth printing (e.g. the fused output's own loss). */
  details: Record<string, number>;
  examplesPerSecond: number;
}

export interface MaskTrainingOptions {
  pairs: MaskTrainingPair[];
  /** Weights file to write (atomically); training continues from it when it exists. */
  output: string;
  /** Iterations to run in this session. */
  iterations: number;
  /** Values of the plugin's own config section. */
  config: Record<string, unknown>;
  seed: number;
  /** Save every this many iterations, and at the end. */
  saveInterval: number;
  /** Stops after the current iteration, then saves. */
  signal?: AbortSignal;
  onStep?(step: MaskTrainingStep): void;
  onSave?(save: { iteration: number; path: string }): void;
}

export interface MaskTrainingResult {
  path: string;
  /** Iterations run in this session, and in total. */
  iterations: number;
  totalIterations: number;
  firstLoss: number;
  lastLoss: number;
}

/** Loaded weights, ready to predict masks. */
export interface MaskPredictor {
  /** Faces are given at this size. */
  readonly inputSize: number;
  /** 1-channel masks (0..1) at the input size, one per RGB face (0..1) given at the input size. */
  predict(faces: Image[]): Promise<Image[]>;
  dispose(): void;
}

export interface NeuralMaskModel {
  /** The size faces and masks are loaded at for training with these config values. */
  trainingSize(config: Record<string, unknown>): number;
  train(options: MaskTrainingOptions): Promise<MaskTrainingResult>;
  /** Opens a weights file written by `train` (or given by the user). */
  load(weightsFile: string, config: Record<string, unknown>): Promise<MaskPredictor>;
}

/** Raises the resolution of a swapped face (used by convert). */
export interface UpscalerDefinition {
  name: string;
  description: string;
  scale: number;
  upscale(tf: Tf, faces: tf.Tensor4D): tf.Tensor4D;
  /**
   * Called once before the first frame of a convert run that uses this upscaler (load weights
   * here: `upscale` runs inside tf.tidy and cannot wait). An error stops the run before any frame.
   */
  prepare?(): Promise<void>;
  /** Called once when that run ends, however it ends: free what `prepare` loaded. */
  release?(): void;
}
