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
  icnr_init: option.boolean({
    default: false, group: 'initialization', fixed: true,
    help: "Use ICNR to tile the default initializer in a repeating pattern. This strategy is designed for pairing with sub-pixel / pixel shuffler upscaling to reduce the 'checkerboard effect' in image reconstruction (https://arxiv.org/abs/1707.02937). Applies to the convolution of every upscale block of every model.",
  }),
  conv_aware_init: option.boolean({
    default: false, group: 'initialization', fixed: true,
    help: 'Use Convolution Aware Initialization for convolutional layers (https://arxiv.org/abs/1702.06295). This can help eradicate the vanishing and exploding gradient problem as well as lead to higher accuracy, lower loss and faster convergence. Building a new model takes longer (the kernels are computed in Fourier space, on the CPU); it only affects creating a model.',
  }),
  reflect_padding: option.boolean({
    default: false, group: 'network', fixed: true,
    help: 'Use reflection padding rather than zero padding with convolutions. Each convolution must pad the image boundaries to maintain the proper sizing. More complex padding schemes can reduce artifacts at the border of the image (http://www-cs.engr.ccny.cuny.edu/~wolberg/cs470/hw/hw2_pad.txt). Applies to the convolutions of conv, upscale and residual blocks.',
  }),
  preview_images: option.integer({ default: 14, min: 2, max: 16, group: 'preview', help: 'Number of faces per side shown in the preview picture.' }),
  nan_protection: option.boolean({
    default: true, group: 'network',
    help: 'Stop training when a loss becomes NaN or infinite, before that step is applied, so the last save stays intact.',
  }),
});

export const globalPlugin: FaceforgePlugin = {
  meta: { name: 'global', kind: 'trainer', version: '0.1.0', description: "Core's global training options: framing, model initialisation and padding, previews, NaN protection" },
  config: globalSection,
  apply() {},
};
