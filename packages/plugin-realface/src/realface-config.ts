/** [model.realface]: faceswap's realface_defaults.py. Every option is fixed when the model is created. */
import { defineSection, option } from '@faceforge/core';

export const realfaceConfig = defineSection(
  'model.realface',
  "An extra detailed variant of Original by andenixa (\"Pegasus\"): the input and output sizes are chosen apart (output up to 256 px), the decoders are unbalanced on purpose (A is B divided by 1.5), so it swaps A to B well and B to A poorly. Very memory heavy.",
  {
    input_size: option.integer({
      default: 64, min: 64, max: 128, step: 16, group: 'size', fixed: true,
      help: 'Resolution (in pixels) of the faces fed to the model: 64 to 128, a multiple of 16. Larger costs much more memory and time.',
    }),
    output_size: option.integer({
      default: 128, min: 64, max: 256, step: 16, group: 'size', fixed: true,
      help: "Resolution (in pixels) of the faces the model draws: 64 to 256 and, as faceswap checks when the model is built, a multiple of 32. Larger costs much more memory and time.",
    }),
    dense_nodes: option.integer({
      default: 1536, min: 768, max: 2048, step: 64, group: 'network', fixed: true,
      help: "Width of the decoders' first dense layer (decoder A's is this divided by 1.5). More nodes keep more detail and cost memory.",
    }),
    complexity_encoder: option.integer({
      default: 128, min: 96, max: 160, step: 4, group: 'network', fixed: true,
      help: "Filters of the encoder's first convolution (doubled at each of its three later ones). More filters learn more detail and cost memory.",
    }),
    complexity_decoder: option.integer({
      default: 512, min: 512, max: 544, step: 4, group: 'network', fixed: true,
      help: "Filters of decoder B's first upscale after the dense layers (halved at each later one; decoder A's is this divided by 1.5).",
    }),
  },
);
