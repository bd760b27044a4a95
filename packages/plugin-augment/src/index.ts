/**
 * The augmentation plugin, owning [trainer.augmentation]: faceswap's data augmentation as a chain
 * of prepareBatch taps, one per augmentation, ordered by stage: colour → rotation/zoom/shift → flip
 * → warp (inputs only). Read live from the config (never locked), as faceswap does.
 */
import { STAGES, defineSection, definePlugin, option, transformPoints, warpAffine, type Point, type TrainingSample } from '@faceforge/core';
import { augmentColor } from './color.js';
import { randomAffineMatrix } from './random-affine.js';
import { flipImage, flipPoints } from './flip.js';
import { defaultWarpSigma, randomWarp } from './random-warp.js';
import { defaultLandmarkJitter, jitterLandmarks, warpToLandmarks } from './warp-to-landmarks.js';
import { LandmarkMatcher } from './landmark-matcher.js';

const PLUGIN_NAME = 'augment';

export const augmentationSection = defineSection('trainer.augmentation', 'Data augmentation options. Read at every start, never locked into the model.', {
  zoom_amount: option.integer({ default: 5, min: 0, max: 25, group: 'image augmentation', help: 'Random zoom in or out, as a percentage of the face size.' }),
  rotation_range: option.integer({ default: 10, min: 0, max: 25, group: 'image augmentation', help: 'Random rotation, in degrees either way.' }),
  shift_range: option.integer({ default: 5, min: 0, max: 25, group: 'image augmentation', help: 'Random horizontal and vertical shift, as a percentage of the face size.' }),
  flip_chance: option.integer({ default: 50, min: 0, max: 75, group: 'image augmentation', help: 'Chance (%) of flipping a face horizontally. --no-flip turns it off.' }),
  color_lightness: option.integer({ default: 30, min: 0, max: 75, group: 'color augmentation', help: 'Random lightness change (%) in Lab colour space. --no-augment-color turns colour changes off.' }),
  color_ab: option.integer({ default: 8, min: 0, max: 50, group: 'color augmentation', help: 'Random change (%) of the a and b colour channels in Lab colour space.' }),
  color_clahe_chance: option.integer({ default: 50, min: 0, max: 75, group: 'color augmentation', help: 'Chance (%) of contrast limited adaptive histogram equalisation on the lightness channel.' }),
  color_clahe_max_size: option.integer({ default: 4, min: 1, max: 8, group: 'color augmentation', help: 'Largest CLAHE grid multiplier: larger grids equalise more locally.' }),
});

/** Sample with the partner landmarks warp-to-landmarks aims at (they follow the same geometry). */
type WarpSample = TrainingSample & { partnerLandmarks?: Point[] };

const matchers = new WeakMap<object, LandmarkMatcher>();

export default definePlugin({
  meta: { name: PLUGIN_NAME, kind: 'augmentation', version: '0.1.0', description: "faceswap's augmentations: colour, rotation/zoom/shift, flip, random warp, warp to landmarks" },
  config: augmentationSection,
  presets: {
    gentle: { description: 'Half the default movement and colour change: for small or very uniform face sets', values: { zoom_amount: 3, rotation_range: 5, shift_range: 3, color_lightness: 15, color_ab: 4 } },
    strong: { description: 'More movement and colour change: for many varied faces, fights overfitting', values: { zoom_amount: 10, rotation_range: 20, shift_range: 10, color_lightness: 45, color_ab: 15 } },
  },
  apply(api) {
    const { prepareBatch } = api.hooks;
    api.augmentations.register({ name: 'color', description: 'Lab lightness and colour shift, CLAHE', stage: STAGES.prepareBatch.COLOR });
    api.augmentations.register({ name: 'transform', description: 'Random rotation, zoom and shift', stage: STAGES.prepareBatch.GEOMETRY });
    api.augmentations.register({ name: 'flip', description: 'Random horizontal flip', stage: STAGES.prepareBatch.FLIP });
    api.augmentations.register({ name: 'warp', description: 'Random 5x5 grid warp of the input, or warp to the landmarks of a similar face of the other side', stage: STAGES.prepareBatch.WARP });

    // Warp-to-landmarks picks its partner face first, so the geometry below moves its landmarks too.
    prepareBatch.tap({ name: `${PLUGIN_NAME}:partner`, stage: STAGES.prepareBatch.PREPARE }, (sample: WarpSample, context) => {
      if (!context.flags.warp || !context.flags.warpToLandmarks || !context.thisSide || !context.otherSide || !sample.landmarks) return sample;
      const key = context.side === 'a' ? context.thisSide.landmarks : context.otherSide.landmarks;
      let matcher = matchers.get(key);
      if (!matcher) {
        const [a, b] = context.side === 'a' ? [context.thisSide.landmarks, context.otherSide.landmarks] : [context.otherSide.landmarks, context.thisSide.landmarks];
        matcher = new LandmarkMatcher(a, b);
        matchers.set(key, matcher);
      }
      const partner = matcher.pickPartner(context.side, context.faceIndex, context.rng);
      return { ...sample, partnerLandmarks: partner.map((p) => [p[0], p[1]] as Point) };
    });

    prepareBatch.tap({ name: `${PLUGIN_NAME}:color`, stage: STAGES.prepareBatch.COLOR }, (sample, context) => {
      if (!context.flags.augmentColor) return sample;
      const o = api.options();
      const target = augmentColor(sample.target, {
        colorLightness: o.color_lightness, colorAb: o.color_ab, colorClaheChance: o.color_clahe_chance, colorClaheMaxSize: o.color_clahe_max_size,
      }, context.rng);
      return { ...sample, target };
    });

    prepareBatch.tap({ name: `${PLUGIN_NAME}:transform`, stage: STAGES.prepareBatch.GEOMETRY }, (sample: WarpSample, context) => {
      const o = api.options();
      const { width, height } = sample.target;
      const matrix = randomAffineMatrix(width, height, { rotationRange: o.rotation_range, zoomAmount: o.zoom_amount, shiftRange: o.shift_range }, context.rng);
      return {
        ...sample,
        target: warpAffine(sample.target, matrix),
        masks: Object.fromEntries(Object.entries(sample.masks).map(([k, m]) => [k, warpAffine(m, matrix)])),
        landmarks: sample.landmarks && transformPoints(sample.landmarks, matrix),
        partnerLandmarks: sample.partnerLandmarks && transformPoints(sample.partnerLandmarks, matrix),
      };
    });

    prepareBatch.tap({ name: `${PLUGIN_NAME}:flip`, stage: STAGES.prepareBatch.FLIP }, (sample: WarpSample, context) => {
      if (!context.flags.flip || !context.rng.chance(api.options().flip_chance / 100)) return sample;
      const width = sample.target.width;
      return {
        ...sample,
        target: flipImage(sample.target),
        masks: Object.fromEntries(Object.entries(sample.masks).map(([k, m]) => [k, flipImage(m)])),
        landmarks: sample.landmarks && flipPoints(sample.landmarks, width),
        partnerLandmarks: sample.partnerLandmarks && flipPoints(sample.partnerLandmarks, width),
      };
    });

    // Inputs only: the target stays unwarped, so the model learns to undo the warp.
    prepareBatch.tap({ name: `${PLUGIN_NAME}:warp`, stage: STAGES.prepareBatch.WARP }, (sample: WarpSample, context) => {
      if (!context.flags.warp) return sample;
      const size = Math.max(sample.target.width, sample.target.height);
      const feed = context.flags.warpToLandmarks && sample.landmarks && sample.partnerLandmarks
        ? warpToLandmarks(sample.target, sample.landmarks, jitterLandmarks(sample.partnerLandmarks, defaultLandmarkJitter(size), context.rng))
        : randomWarp(sample.target, context.rng, defaultWarpSigma(size));
      return { ...sample, feed };
    });
  },
});
