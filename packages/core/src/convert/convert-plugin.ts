/**
 * Core's convert plugin: owns [convert.mask], registers the `none` colour adjustment and taps the
 * convert hooks with the default behaviour: the `--identity` filter (beforeSwap), `--upscaler`
 * (upscale), the chosen colour adjustment (adjustColour, stage 0) and the paste-back (blend,
 * stage 0). The built-in colour adjustments, sharpening and writers are `@faceforge/plugin-convert`.
 */
import type { FaceforgePlugin } from '../plugin/plugin.js';
import { STAGES } from '../hooks/hook-stages.js';
import { convertMaskSection } from './convert-mask.js';
import { pasteFace } from './paste-back.js';

const PLUGIN_NAME = 'convert';

export const convertPlugin: FaceforgePlugin = {
  meta: { name: PLUGIN_NAME, kind: 'convert', version: '0.1.0', description: 'Convert: masks, identity filter, upscaler, colour adjustment and paste-back' },
  config: convertMaskSection,
  apply(api) {
    api.colourAdjustments.register({ name: 'none', description: 'Keep the swapped face\'s own colours', adjust: (face) => face });
    api.hooks.beforeSwap.tap(`${PLUGIN_NAME}:identity`, (frame, run) => {
      const identity = run.identity;
      if (!identity) return frame;
      // A face without a descriptor can't be checked, so it is not swapped.
      return { ...frame, faces: frame.faces.filter((face) => face.descriptor !== undefined && identity.matches(face.descriptor)) };
    });
    api.hooks.upscale.tap(`${PLUGIN_NAME}:upscaler`, (faces, { tf, run }) => {
      if (!run.upscaler) return faces;
      return api.upscalers.get(run.upscaler).upscale(tf, faces);
    });
    api.hooks.adjustColour.tap({ name: `${PLUGIN_NAME}:colour`, stage: STAGES.adjustColour.COLOUR }, (face, context) => {
      return api.colourAdjustments.get(context.run.colourAdjustment).adjust(face, context);
    });
    api.hooks.blend.tap({ name: `${PLUGIN_NAME}:paste-back`, stage: STAGES.blend.PASTE }, (frame, { face }) => {
      pasteFace(frame, face.image, face.mask, face.matrix);
      return frame;
    });
  },
};
