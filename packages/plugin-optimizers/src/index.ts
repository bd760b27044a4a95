/**
 * [global.optimizer]: faceswap's optimizer options (lib/training/optimizer.py). Registers Adam,
 * AdaBelief and RMSprop, and builds the run's optimizer (createOptimizer hook) from the one its
 * section names; names come from the registry, so another plugin's optimizer is selectable too.
 */
import { definePlugin, defineSection, option, type OptimizerDefinition } from '@faceforge/core';
import { Adam } from './adam.js';
import { AdaBelief } from './adabelief.js';
import { RMSprop } from './rmsprop.js';

const PLUGIN_NAME = 'optimizers';

export const builtinOptimizers: OptimizerDefinition[] = [
  { name: 'adam', description: 'The standard: momentum and per-weight step sizes', create: (s) => new Adam({ learningRate: s.learningRate, epsilon: s.epsilon, beta1: s.beta1, beta2: s.beta2 }) },
  { name: 'adabelief', description: 'Adapts the step to how much the gradient deviates from its mean (often more stable)', create: (s) => new AdaBelief({ learningRate: s.learningRate, epsilon: s.epsilon, beta1: s.beta1, beta2: s.beta2 }) },
  { name: 'rms-prop', description: 'No momentum, low memory', create: (s) => new RMSprop({ learningRate: s.learningRate, epsilon: s.epsilon }) },
];

export function optimizerSection(names: string[]) {
  return defineSection('global.optimizer', 'Optimizer options.', {
    optimizer: option.choice({
      choices: names, default: 'adam', group: 'optimizer', fixed: true,
      help: `The optimizer: ${names.join(', ')}. adam: the standard. adabelief: adapts the step to how much the gradient deviates from its mean (often more stable). rms-prop: no momentum, low memory.`,
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
}

export default definePlugin({
  meta: { name: PLUGIN_NAME, kind: 'optimizer', version: '0.1.0', description: 'Adam, AdaBelief and RMSprop, with per-variable updates that fit the wasm heap' },
  config: (registries) => {
    const names = registries.optimizers.names();
    return optimizerSection(names.length ? names : builtinOptimizers.map((o) => o.name));
  },
  presets: {
    stable: { description: 'AdaBelief with a larger epsilon: fewer NaNs on hard data', values: { optimizer: 'adabelief', epsilon_exponent: -5 } },
  },
  apply(api) {
    for (const optimizer of builtinOptimizers) api.optimizers.register(optimizer);
    api.hooks.createOptimizer.tap(PLUGIN_NAME, () => {
      const o = api.options();
      return api.optimizers.get(o.optimizer).create({ learningRate: o.learning_rate, epsilon: 10 ** o.epsilon_exponent, beta1: o.ada_beta_1, beta2: o.ada_beta_2 });
    });
  },
});

export { Adam, AdaBelief, RMSprop };
export { createOptimizer, OPTIMIZER_NAMES, type OptimizerName } from './create-optimizer.js';
