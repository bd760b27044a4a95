/** [global]: core's own options, shared by every model (faceswap's train_config.py globals that apply here). */
import { defineSection, option } from '../config/options.js';
import type { FaceforgePlugin } from '../plugin/plugin.js';

export const globalSection = defineSection('global', 'Options that apply to every model.', {
  coverage: option.number({
    default: 100, min: 62.5, max: 100, step: 0.5, group: 'face', fixed: true,
    help: 'How much of each face image the model trains on, as a percentage of the image side, centred. Lower values crop tighter onto the face.',
  }),
  centering: option.choice({
    choices: ['legacy', 'face', 'head'] as const, default: 'face', group: 'face', fixed: true,
    help: 'How extracted faces are framed for the model: face (centred on the face, pose-corrected), head (the whole head, hair included) or legacy (centred on the nose, tighter). Coverage is a percentage of this frame. Faces without extraction metadata are centre-cropped.',
  }),
  preview_images: option.integer({ default: 14, min: 2, max: 16, group: 'preview', help: 'Number of faces per side shown in the preview picture.' }),
  nan_protection: option.boolean({
    default: true, group: 'network',
    help: 'Stop training when a loss becomes NaN or infinite, before that step is applied, so the last save stays intact.',
  }),
});

export const globalPlugin: FaceforgePlugin = {
  meta: { name: 'global', kind: 'trainer', version: '0.1.0', description: "Core's global training options: framing, previews, NaN protection" },
  config: globalSection,
  apply() {},
};
