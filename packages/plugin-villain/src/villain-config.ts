/** [model.villain]: faceswap's villain_defaults.py. */
import { defineSection, option } from '@faceforge/core';

export const villainConfig = defineSection(
  'model.villain',
  "A higher resolution version of the Original model by VillainGuy: 128 px input and output, a residual encoder shared by both people and a decoder per person. Extremely memory heavy.",
  {
    lowmem: option.boolean({
      default: false,
      group: 'settings',
      fixed: true,
      help: "Lower memory mode: 8 residual blocks instead of 16, no 1024-filter separable conv and an encoder dense layer of 512 instead of 1024. Set it if you run out of memory. Models with a different lowmem setting are not compatible with each other.",
    }),
  },
);
