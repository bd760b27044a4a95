/**
 * The built-in colour adjustments (faceswap's plugins/convert/color), one plugin each, those with
 * options owning a [convert.color.*] section: avg-color, match-hist, color-transfer, seamless.
 * Each reads its section with `api.options()`: the values convert configured the forge with for
 * the run. `none` is registered by core's convert plugin.
 */
import { defineSection, definePlugin, option, type ColourAdjustmentDefinition, type ConfigSection, type FaceforgePlugin, type PluginApi } from '@faceforge/core';
import { averageColour } from './average-colour.js';
import { matchHistogram } from './match-histogram.js';
import { colourTransfer } from './colour-transfer.js';
import { DEFAULT_SEAMLESS, seamlessClone } from './seamless-clone.js';

export const matchHistSection = defineSection('convert.color.match-hist', 'match-hist: histogram matching of each colour channel inside the mask.', {
  threshold: option.number({ default: 99, min: 75, max: 100, step: 1, group: 'settings', help: 'Percentage of the original\'s histogram to match: below 100 the most extreme colours are left out so they don\'t leak in.' }),
});

export const colourTransferSection = defineSection('convert.color.color-transfer', 'color-transfer: Reinhard mean and spread transfer in Lab colour space.', {
  clip: option.boolean({ default: true, group: 'settings', help: 'Clip Lab values that leave their range (true), or squeeze the whole channel back into range (false: keeps detail, can dull colours).' }),
});

export const seamlessSection = defineSection('convert.color.seamless', 'seamless: Poisson (seamless) cloning: the swapped face\'s detail with the frame\'s colour and light at its edge.', {
  max_iterations: option.integer({ default: DEFAULT_SEAMLESS.maxIterations, min: 50, max: 20000, group: 'solver', help: 'Most conjugate-gradient iterations per colour channel; large faces need more to converge.' }),
  mask_threshold: option.integer({ default: 1, min: 1, max: 99, group: 'solver', help: 'Mask values above this percentage are cloned; the rest is the fixed boundary.' }),
});

/**
 * One colour adjustment as a plugin of the same name; `adjust` is built in `apply`, so it can read
 * the plugin's own section with `api.options()` while a run is in progress.
 */
function colourPlugin<S extends ConfigSection | undefined>(
  name: string, description: string, config: S, adjust: (api: PluginApi<S>) => ColourAdjustmentDefinition['adjust'],
): FaceforgePlugin {
  return definePlugin<S>({
    meta: { name, kind: 'convert', version: '0.1.0', description: `colour adjustment: ${description}` },
    config,
    apply(api) {
      api.colourAdjustments.register({ name, description, adjust: adjust(api) });
    },
  });
}

export const colourPlugins: FaceforgePlugin[] = [
  colourPlugin('avg-color', 'Shift each channel to the original face\'s mean colour inside the mask', undefined,
    () => (face, { original, mask }) => averageColour(face, original, mask)),
  colourPlugin('match-hist', 'Match each channel\'s histogram to the original face\'s inside the mask', matchHistSection,
    (api) => (face, { original, mask }) => matchHistogram(face, original, mask, api.options().threshold / 100)),
  colourPlugin('color-transfer', 'Reinhard colour transfer: mean and spread of L, a and b', colourTransferSection,
    (api) => (face, { original, mask }) => colourTransfer(face, original, mask, { clip: api.options().clip })),
  colourPlugin('seamless', 'Poisson (seamless) cloning onto the original face', seamlessSection, (api) => (face, { original, mask }) => {
    const options = api.options();
    return seamlessClone(face, original, mask, { ...DEFAULT_SEAMLESS, maxIterations: options.max_iterations, maskThreshold: options.mask_threshold / 100 }).image;
  }),
];
