import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { activeSlots, computeSideLoss, type SideLossInput } from './collate.js';
import { maeLoss } from './mae.js';
import { mseLoss } from './mse.js';
import { lInfNormLoss } from './l-inf-norm.js';
import { makeImage, toTensor } from './plain-js-oracles.js';

const N = 2, H = 8, W = 8, C = 3;
const zeros = toTensor(makeImage(N, H, W, C, () => 0));
const constant = (v: number) => toTensor(makeImage(N, H, W, C, () => v));
const mask = (inside: (y: number, x: number) => boolean) => toTensor(makeImage(N, H, W, 1, (_b, y, x) => (inside(y, x) ? 1 : 0)));
const allOnes = mask(() => true);

function input(overrides: Partial<SideLossInput>): SideLossInput {
  return {
    yTrue: zeros,
    yPred: constant(0.2),
    slots: [{ fn: maeLoss, weight: 1 }],
    masks: { face: allOnes },
    penalizedMask: true,
    eyeMultiplier: 1,
    mouthMultiplier: 1,
    ...overrides,
  };
}

const value = (t: tf.Scalar) => t.dataSync()[0];
const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-6 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

test('weighted sum of slots, unweighted terms per function', () => {
  const { total, terms } = computeSideLoss(input({ slots: [{ fn: maeLoss, weight: 1 }, { fn: mseLoss, weight: 0.5 }] }));
  close(value(terms.mae), 0.2, 'mae term');
  close(value(terms.mse), 0.04, 'mse term');
  close(value(total), 0.2 + 0.5 * 0.04, 'total');
});

test('slots weighted <= 0 are dropped; a repeated function keeps one entry with the last weight', () => {
  const slots = [
    { fn: maeLoss, weight: 1 },
    { fn: mseLoss, weight: 0 },
    { fn: maeLoss, weight: 0.25 },
  ];
  assert.deepEqual(activeSlots(slots).map((s) => [s.fn.name, s.weight]), [['mae', 0.25]]);
  const { total, terms } = computeSideLoss(input({ slots }));
  assert.deepEqual(Object.keys(terms), ['mae']);
  close(value(total), 0.25 * 0.2, 'total');
});

test('penalized mask loss ignores errors outside the face mask', () => {
  const leftHalf = mask((_y, x) => x < 4);
  const errorOnRight = toTensor(makeImage(N, H, W, C, (_b, _y, x) => (x >= 4 ? 0.5 : 0)));
  const outside = computeSideLoss(input({ yPred: errorOnRight, masks: { face: leftHalf }, slots: [{ fn: maeLoss, weight: 1 }, { fn: lInfNormLoss, weight: 1 }] }));
  close(value(outside.total), 0, 'error outside the mask');
  const unpenalized = computeSideLoss(input({ yPred: errorOnRight, masks: { face: leftHalf }, penalizedMask: false }));
  close(value(unpenalized.total), 0.25, 'same error without penalized mask');
  const errorOnLeft = toTensor(makeImage(N, H, W, C, (_b, _y, x) => (x < 4 ? 0.5 : 0)));
  const inside = computeSideLoss(input({ yPred: errorOnLeft, masks: { face: leftHalf } }));
  close(value(inside.total), 0.25, 'error inside the mask');
});

test('eye and mouth multipliers scale their regions by (1 + multiplier)', () => {
  const eye = mask((y, x) => y < 2 && x < 4); // 8 of 64 pixels
  const mouth = mask((y) => y === 7); // 8 of 64 pixels
  const masks = { face: allOnes, eye, mouth };
  const withEye = computeSideLoss(input({ masks, eyeMultiplier: 3 }));
  // 56 px at 0.2, 8 px at 0.2·(1+3)
  close(value(withEye.total), (56 * 0.2 + 8 * 0.8) / 64, 'eye ×3');
  const withBoth = computeSideLoss(input({ masks, eyeMultiplier: 3, mouthMultiplier: 2 }));
  close(value(withBoth.total), (48 * 0.2 + 8 * 0.8 + 8 * 0.6) / 64, 'eye ×3 and mouth ×2');
  const multiplierOne = computeSideLoss(input({ masks, eyeMultiplier: 1, mouthMultiplier: 1 }));
  close(value(multiplierOne.total), 0.2, 'multiplier 1 means no extra weight');
});

test('non-spatial losses are scored per masked region and added with the multipliers', () => {
  const eye = mask((y, x) => y < 2 && x < 4);
  const face = mask((y) => y < 6);
  // error 0.3 on the eye region, 0.1 elsewhere inside the face, 0.9 outside the face
  const yPred = toTensor(makeImage(N, H, W, C, (_b, y, x) => (y >= 6 ? 0.9 : y < 2 && x < 4 ? 0.3 : 0.1)));
  const { total, terms } = computeSideLoss(input({ yPred, masks: { face, eye }, slots: [{ fn: lInfNormLoss, weight: 0.5 }], eyeMultiplier: 4 }));
  // face: max 0.3; eye: max 0.3 × 4
  close(value(terms.l_inf_norm), 0.3 + 4 * 0.3, 'unweighted term');
  close(value(total), 0.5 * 1.5, 'weighted total');
});

test('learned mask adds the unmasked mask loss as its own term', () => {
  const maskPred = toTensor(makeImage(N, H, W, 1, (_b, y) => (y < 4 ? 0.75 : 0)));
  const { total, terms } = computeSideLoss(input({ maskPred, maskLoss: mseLoss }));
  // face mask is all ones: half the pixels off by 0.25, half by 1
  close(value(terms.mask), (0.0625 + 1) / 2, 'mask term');
  close(value(total), 0.2 + (0.0625 + 1) / 2, 'total');
  assert.throws(() => computeSideLoss(input({ maskPred })), /maskLoss/);
});

test('returns only the result tensors', () => {
  const side = input({ slots: [{ fn: maeLoss, weight: 1 }, { fn: mseLoss, weight: 1 }], maskPred: allOnes, maskLoss: maeLoss });
  const before = tf.memory().numTensors;
  const { total, terms } = computeSideLoss(side);
  assert.equal(tf.memory().numTensors, before + 1 + Object.keys(terms).length);
  tf.dispose([total, ...Object.values(terms)]);
  assert.equal(tf.memory().numTensors, before);
});
