/** What plugins register besides models and losses. */
import type { Tf, tf } from '../tf.js';
import type { Image } from '../data/image.js';
import type { FaceRecord } from '../data/face-record.js';

/** An augmentation step. The work happens in the plugin's `prepareBatch` tap, at `stage`. */
export interface AugmentationDefinition {
  name: string;
  description: string;
  /** Position in the chain (see AUGMENTATION_STAGE). */
  stage: number;
}

/** Named stages of the augmentation chain, as webpack names its processAssets stages. */
export const AUGMENTATION_STAGE = {
  COLOR: -100,
  GEOMETRY: 0,
  FLIP: 100,
  WARP: 200,
} as const;

/** A mask type: builds a 1-channel mask for a face at a given size. */
export interface MaskDefinition {
  name: string;
  description: string;
  create(face: FaceRecord, size: number): Image;
}

/** Raises the resolution of a swapped face (used by convert). */
export interface UpscalerDefinition {
  name: string;
  description: string;
  scale: number;
  upscale(tf: Tf, faces: tf.Tensor4D): tf.Tensor4D;
}
