/** [model.original]: faceswap's original_defaults.py. */
import { defineSection, option } from '@faceforge/core';

export const originalConfig = defineSection(
  'model.original',
  'Original faceswap model: 64 px input and output, one shared encoder and a decoder per person.',
  {
    lowmem: option.boolean({
      default: false,
      group: 'settings',
      fixed: true,
      help: 'Lower memory mode: halves the encoder dense layer (1024 to 512) and drops the 1024-filter conv. Uses less memory and trains faster, at some cost in detail.',
    }),
  },
);
