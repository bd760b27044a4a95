import { cloneImage, type Image, type Point } from '../data/image.js';
import type { Rng } from '../util/rng.js';
import { randomAffineMatrix, transformPoints, warpAffine, type AffineRanges } from './affine.js';
import { augmentColor, type ColorAugmentOptions } from './color.js';
import { flipImage, flipPoints } from './flip.js';
import { defaultWarpSigma, randomWarp } from './random-warp.js';
import { defaultLandmarkJitter, jitterLandmarks, warpToLandmarks } from './warp-to-landmarks.js';

export interface AugmentParams extends AffineRanges, ColorAugmentOptions {
  /** Percent chance of a horizontal flip. faceswap default 50. */
  flipChance: number;
  /** false = faceswap's --no-flip. */
  flip: boolean;
  /** false = faceswap's --no-warp. */
  warp: boolean;
  /** false = faceswap's --no-augment-color. */
  augmentColor: boolean;
  /** faceswap's -M: dfaker warp towards a matched other-side face instead of the random warp. */
  warpToLandmarks: boolean;
}

/** faceswap's `[trainer.augmentation]` defaults and CLI flags. */
export const DEFAULT_AUGMENT_PARAMS: Readonly<AugmentParams> = Object.freeze({
  rotationRange: 10,
  zoomAmount: 5,
  shiftRange: 5,
  flipChance: 50,
  colorLightness: 30,
  colorAb: 8,
  colorClaheChance: 50,
  colorClaheMaxSize: 4,
  flip: true,
  warp: true,
  augmentColor: true,
  warpToLandmarks: false,
});

export interface TrainingSample {
  /** RGB face at the processing size. */
  image: Image;
  /** 1-channel masks at the same size, by name; they follow every geometric step. */
  masks: Record<string, Image>;
  /** 68 landmarks in the image's pixel frame. */
  landmarks?: readonly Point[];
  /**
   * Landmarks of the other-side face chosen by LandmarkMatcher.pickPartner, in the same crop
   * frame. Needed only for warp-to-landmarks.
   */
  partnerLandmarks?: readonly Point[];
}

export interface AugmentedSample {
  /** What the model should produce: augmented but unwarped image, masks and landmarks. */
  target: { image: Image; masks: Record<string, Image>; landmarks?: Point[] };
  /** The model's input: the target image, warped when warping is on (otherwise an identical copy). */
  feed: Image;
}

function mapMasks(masks: Record<string, Image>, step: (mask: Image) => Image): Record<string, Image> {
  return Object.fromEntries(Object.entries(masks).map(([name, mask]) => [name, step(mask)]));
}

/**
 * faceswap's per-sample training augmentation, in its order: colour (unless disabled) → affine
 * (always) → flip (with flipChance) → target; then the feed is a warped copy (random warp, or
 * warp-to-landmarks when requested and both landmark sets exist). All randomness comes from `rng`.
 *
 * The partner landmarks get the same affine and flip as the sample, so the landmark warp only
 * changes face shape, not pose; faceswap warps towards the partner's untransformed landmarks.
 */
export function augmentSample(sample: TrainingSample, params: Partial<AugmentParams>, rng: Rng): AugmentedSample {
  const p: AugmentParams = { ...DEFAULT_AUGMENT_PARAMS, ...params };
  const { width, height } = sample.image;
  let image = p.augmentColor ? augmentColor(sample.image, p, rng) : sample.image;

  const matrix = randomAffineMatrix(width, height, p, rng);
  image = warpAffine(image, matrix);
  let masks = mapMasks(sample.masks, (mask) => warpAffine(mask, matrix));
  let landmarks = sample.landmarks && transformPoints(sample.landmarks, matrix);
  let partner = sample.partnerLandmarks && transformPoints(sample.partnerLandmarks, matrix);

  if (p.flip && rng.chance(p.flipChance / 100)) {
    image = flipImage(image);
    masks = mapMasks(masks, flipImage);
    landmarks = landmarks && flipPoints(landmarks, width);
    partner = partner && flipPoints(partner, width);
  }

  const size = Math.max(width, height);
  // A copy even when unwarped, so a consumer normalising the feed in place cannot touch the target.
  let feed = cloneImage(image);
  if (p.warp) {
    feed =
      p.warpToLandmarks && landmarks && partner
        ? warpToLandmarks(image, landmarks, jitterLandmarks(partner, defaultLandmarkJitter(size), rng))
        : randomWarp(image, rng, defaultWarpSigma(size));
  }
  return { target: { image, masks, ...(landmarks ? { landmarks } : {}) }, feed };
}
