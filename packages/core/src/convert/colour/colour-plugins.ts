/**
 * The built-in colour adjustments (faceswap's plugins/convert/color), one plugin each, those with
 * options owning a [convert.color.*] section: avg-color, match-hist, color-transfer, seamless.
 * `none` is registered by the core convert plugin.
 */
import { defineSection, option, type ConfigSection } from '../../config/options.js';
import type { FaceforgePlugin } from '../../plugin/plugin.js';
import type { ColourAdjustmentDefinition } from '../convert-types.js';
import { sectionValues } from '../../config/section-values.js';
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

const definitions: Array<{ definition: ColourAdjustmentDefinition; section?: ConfigSection }> = [
  {
    definition: {
      name: 'avg-color', description: 'Shift each channel to the original face\'s mean colour inside the mask',
      adjust: (face, { original, mask }) => averageColour(face, original, mask),
    },
  },
  {
    definition: {
      name: 'match-hist', description: 'Match each channel\'s histogram to the original face\'s inside the mask',
      adjust: (face, { original, mask, run }) => matchHistogram(face, original, mask, sectionValues(run.config, matchHistSection).threshold / 100),
    },
    section: matchHistSection,
  },
  {
    definition: {
      name: 'color-transfer', description: 'Reinhard colour transfer: mean and spread of L, a and b',
      adjust: (face, { original, mask, run }) => colourTransfer(face, original, mask, { clip: sectionValues(run.config, colourTransferSection).clip }),
    },
    section: colourTransferSection,
  },
  {
    definition: {
      name: 'seamless', description: 'Poisson (seamless) cloning onto the original face',
      adjust: (face, { original, mask, run }) => {
        const options = sectionValues(run.config, seamlessSection);
        return seamlessClone(face, original, mask, { ...DEFAULT_SEAMLESS, maxIterations: options.max_iterations, maskThreshold: options.mask_threshold / 100 }).image;
      },
    },
    section: seamlessSection,
  },
];

export function colourPlugins(): FaceforgePlugin[] {
  return definitions.map(({ definition, section }) => ({
    meta: { name: definition.name, kind: 'convert', version: '0.1.0', description: `colour adjustment: ${definition.description}` },
    config: section,
    apply(api) {
      api.colourAdjustments.register(definition);
    },
  }));
}
