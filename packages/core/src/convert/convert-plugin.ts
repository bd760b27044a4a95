/**
 * Core's convert plugin: owns [convert.mask], registers the `none` colour adjustment and taps the
 * convert hooks with the default behaviour: the `--identity` filter (beforeSwap), `--upscaler`
 * (upscale), the chosen colour adjustment (adjustColour, stage 0) and the paste-back (blend,
 * stage 0). Sharpening is its own plugin with [convert.sharpen].
 */
import type { FaceforgePlugin } from '../plugin/plugin.js';
import { convertMaskSection } from './convert-mask.js';
import { pasteFace } from './paste-back.js';
import { sectionValues } from './section-values.js';
import { sharpenFace, sharpenSection } from './sharpen.js';

const PLUGIN_NAME = 'convert';

/** Stages on the adjustColour hook: colour first, then anything that sharpens or grades. */
export const ADJUST_STAGE = { COLOUR: 0, SHARPEN: 100 } as const;

export const convertPlugin: FaceforgePlugin = {
  meta: { name: PLUGIN_NAME, kind: 'convert', version: '0.1.0', description: 'Convert: masks, identity filter, upscaler, colour adjustment and paste-back' },
  config: convertMaskSection,
  apply(forge) {
    forge.hooks.colourAdjustments.tap(PLUGIN_NAME, (registry) => {
      registry.register({ name: 'none', description: 'Keep the swapped face\'s own colours', adjust: (face) => face }, PLUGIN_NAME);
    });
    forge.hooks.beforeSwap.tap(`${PLUGIN_NAME}:identity`, (frame, run) => {
      const identity = run.identity;
      if (!identity) return frame;
      // A face without a descriptor can't be checked, so it is not swapped.
      return { ...frame, faces: frame.faces.filter((face) => face.descriptor !== undefined && identity.matches(face.descriptor)) };
    });
    forge.hooks.upscale.tap(`${PLUGIN_NAME}:upscaler`, (faces, { tf, run }) => {
      if (!run.upscaler) return faces;
      return forge.upscalers.get(run.upscaler).upscale(tf, faces);
    });
    forge.hooks.adjustColour.tap({ name: `${PLUGIN_NAME}:colour`, stage: ADJUST_STAGE.COLOUR }, (face, context) => {
      return forge.colourAdjustments.get(context.run.colourAdjustment).adjust(face, context);
    });
    forge.hooks.blend.tap({ name: `${PLUGIN_NAME}:paste-back`, stage: 0 }, (frame, { face }) => {
      pasteFace(frame, face.image, face.mask, face.matrix);
      return frame;
    });
  },
};

export const sharpenPlugin: FaceforgePlugin = {
  meta: { name: 'sharpen', kind: 'convert', version: '0.1.0', description: 'Sharpening of the swapped face before blending' },
  config: sharpenSection,
  apply(forge) {
    forge.hooks.adjustColour.tap({ name: 'sharpen', stage: ADJUST_STAGE.SHARPEN }, (face, { run }) => sharpenFace(face, sectionValues(run.config, sharpenSection)));
  },
};
