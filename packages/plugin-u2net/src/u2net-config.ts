/** [mask.u2net]: how u2netp masks are trained and predicted. Defaults are the reference's (peers.md §4). */
import { defineSection, option } from '@faceforge/core';

export const u2netConfig = defineSection('mask.u2net', 'U²-Net (u2netp) neural face masks: `faceforge mask train` and `faceforge mask --type u2net`.', {
  input_size: option.integer({
    default: 320, min: 32, max: 1024, group: 'network',
    help: 'Side in pixels of the faces the network trains on (the reference uses 320). Prediction uses the size the weights were trained at. Small sizes train much faster.',
  }),
  batch_size: option.integer({ default: 12, min: 1, max: 64, group: 'training', help: 'Faces per training step (the reference uses 12).' }),
  learning_rate: option.number({ default: 0.001, min: 0.000001, max: 0.1, group: 'training', help: 'Adam learning rate (the reference: 0.001, betas 0.9/0.999, epsilon 1e-8).' }),
  flip: option.boolean({ default: true, group: 'training', help: 'Random horizontal flips of the (face, mask) pairs, as the reference flips its training images.' }),
  min_max_normalize: option.boolean({
    default: false, group: 'prediction',
    help: "Stretch each predicted mask to 0..1 as the reference's inference does. Off by default: a face mask's probabilities are already calibrated, and stretching turns a faint mask into a full one.",
  }),
});

export interface U2NetSettings {
  inputSize: number;
  batchSize: number;
  learningRate: number;
  flip: boolean;
  minMaxNormalize: boolean;
}

/** Typed settings from the section's values (missing keys take the defaults). */
export function u2netSettings(values: Record<string, unknown>): U2NetSettings {
  const properties = u2netConfig.schema.properties as unknown as Record<string, { default: unknown }>;
  const value = (key: string) => values[key] ?? properties[key]!.default;
  return {
    inputSize: Number(value('input_size')),
    batchSize: Number(value('batch_size')),
    learningRate: Number(value('learning_rate')),
    flip: value('flip') === true,
    minMaxNormalize: value('min_max_normalize') === true,
  };
}
