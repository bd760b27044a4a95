/** [global.optimizer]: faceswap's optimizer options (lib/training/optimizer.py). */
import { defineSection, option } from '../config/options.js';
import type { FaceforgePlugin } from '../plugin/plugin.js';

export const optimizerSection = defineSection('global.optimizer', 'Optimizer options.', {
  optimizer: option.choice({
    choices: ['adam', 'adabelief', 'rms-prop'] as const, default: 'adam', group: 'optimizer', fixed: true,
    help: 'The optimizer. adam: the standard. adabelief: adapts the step to how much the gradient deviates from its mean (often more stable). rms-prop: no momentum, low memory.',
  }),
  learning_rate: option.number({
    default: 5e-5, min: 1e-6, max: 1e-3, group: 'optimizer',
    help: 'Learning rate: how far each update moves the weights. Too high and the model collapses; lower it if the loss explodes.',
  }),
  epsilon_exponent: option.integer({
    default: -7, min: -16, max: -1, group: 'optimizer',
    help: 'Exponent of epsilon (epsilon = 10^x), the small value that stops division by zero. Raise it (e.g. -5) if the loss goes NaN.',
  }),
  ada_beta_1: option.number({
    default: 0.9, min: 0, max: 0.9999, group: 'optimizer',
    help: 'Adam/AdaBelief beta 1: decay of the running mean of the gradient (momentum).',
  }),
  ada_beta_2: option.number({
    default: 0.999, min: 0, max: 0.99999, group: 'optimizer',
    help: 'Adam/AdaBelief beta 2: decay of the running mean of the squared gradient.',
  }),
});

export const optimizerPlugin: FaceforgePlugin = {
  meta: { name: 'optimizer', kind: 'trainer', version: '0.1.0', description: 'Adam, AdaBelief and RMSprop' },
  config: optimizerSection,
  presets: {
    stable: { description: 'AdaBelief with a larger epsilon: fewer NaNs on hard data', values: { optimizer: 'adabelief', epsilon_exponent: -5 } },
  },
  apply() {},
};
