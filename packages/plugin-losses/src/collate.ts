import { tf } from '@faceforge/core';
import type { LossFunction, LossMasks, SideLoss } from '@faceforge/core';

/** A configured loss and its weight as a fraction (slot 1 is 1.0, the others weight/100). */
export interface LossSlot {
  fn: LossFunction;
  weight: number;
}

export interface SideLossInput {
  yTrue: tf.Tensor4D;
  yPred: tf.Tensor4D;
  slots: LossSlot[];
  masks: LossMasks;
  penalizedMask: boolean;
  eyeMultiplier: number;
  mouthMultiplier: number;
  /** Learn-mask head output, scored unmasked against `masks.face` with `maskLoss`. */
  maskPred?: tf.Tensor4D;
  maskLoss?: LossFunction;
}


/**
 * Drops slots weighted ≤ 0; a function chosen twice keeps one entry with the last weight
 * (faceswap keys its losses by name in a ModuleDict).
 */
export function activeSlots(slots: LossSlot[]): LossSlot[] {
  const byName = new Map<string, LossSlot>();
  for (const slot of slots) {
    if (slot.weight > 0) byName.set(slot.fn.name, slot);
  }
  return [...byName.values()];
}

interface RegionWeights {
  face?: tf.Tensor4D;
  eye?: tf.Tensor4D;
  mouth?: tf.Tensor4D;
  eyeMultiplier: number;
  mouthMultiplier: number;
}

function regionWeights(input: SideLossInput): RegionWeights {
  const { masks, penalizedMask, eyeMultiplier, mouthMultiplier } = input;
  if (penalizedMask && masks.face === undefined) {
    throw new Error('penalized mask loss is on but no face mask was given');
  }
  return {
    face: penalizedMask ? masks.face : undefined,
    // A multiplier of 1 means "no extra weight": faceswap does not even build those masks.
    eye: eyeMultiplier > 1 ? masks.eye : undefined,
    mouth: mouthMultiplier > 1 ? masks.mouth : undefined,
    eyeMultiplier,
    mouthMultiplier,
  };
}

/** Spatial: weight the loss map by region, then average each item over H,W,C → [N]. */
function spatialPerItem(map: tf.Tensor, regions: RegionWeights): tf.Tensor {
  let weighted = regions.face ? tf.mul(map, regions.face) : map;
  // Sequential as in faceswap: the mouth term is built from the map that already holds the eye boost.
  if (regions.eye) weighted = tf.add(weighted, tf.mul(tf.mul(weighted, regions.eye), regions.eyeMultiplier));
  if (regions.mouth) weighted = tf.add(weighted, tf.mul(tf.mul(weighted, regions.mouth), regions.mouthMultiplier));
  return tf.mean(weighted, [1, 2, 3]);
}

/** Non-spatial: score the masked images per region and add the region scores → [N]. */
function nonSpatialPerItem(fn: LossFunction, yTrue: tf.Tensor4D, yPred: tf.Tensor4D, regions: RegionWeights): tf.Tensor {
  const masked = (mask: tf.Tensor4D): tf.Tensor => fn.compute(tf.mul(yTrue, mask), tf.mul(yPred, mask));
  let perItem = regions.face ? masked(regions.face) : fn.compute(yTrue, yPred);
  if (regions.eye) perItem = tf.add(perItem, tf.mul(masked(regions.eye), regions.eyeMultiplier));
  if (regions.mouth) perItem = tf.add(perItem, tf.mul(masked(regions.mouth), regions.mouthMultiplier));
  return perItem;
}

/** faceswap's LossCollator for one side (A or B) and one output size. */
export function computeSideLoss(input: SideLossInput): SideLoss {
  const slots = activeSlots(input.slots);
  const names = slots.map((slot) => slot.fn.name);
  const learnMask = input.maskPred !== undefined;
  if (learnMask && (input.maskLoss === undefined || input.masks.face === undefined)) {
    throw new Error('a learned mask needs both maskLoss and masks.face');
  }
  const [total, ...terms] = tf.tidy(() => {
    const regions = regionWeights(input);
    const unweighted = slots.map(({ fn }) => {
      const perItem = fn.spatial
        ? spatialPerItem(fn.compute(input.yTrue, input.yPred), regions)
        : nonSpatialPerItem(fn, input.yTrue, input.yPred, regions);
      return tf.mean(perItem) as tf.Scalar;
    });
    const weighted = unweighted.map((term, i) => tf.mul(term, slots[i].weight));
    if (learnMask) {
      const maskTerm = tf.mean(input.maskLoss!.compute(input.masks.face!, input.maskPred!)) as tf.Scalar;
      unweighted.push(maskTerm);
      weighted.push(maskTerm);
    }
    const sum = weighted.length > 0 ? tf.addN(weighted) : tf.scalar(0);
    return [sum as tf.Scalar, ...unweighted];
  });
  const termRecord: Record<string, tf.Scalar> = {};
  names.forEach((name, i) => (termRecord[name] = terms[i]));
  if (learnMask) termRecord.mask = terms[names.length];
  return { total, terms: termRecord };
}
