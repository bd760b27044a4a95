import type { Optimizer } from '@faceforge/core';
import { Adam, type AdamOptions } from './adam.js';
import { AdaBelief, type AdaBeliefOptions } from './adabelief.js';
import { RMSprop, type RMSpropOptions } from './rmsprop.js';

/** Options per optimizer, keyed by faceswap's `[global.optimizer] optimizer` value. */
export interface OptimizerOptionsMap {
  adam: AdamOptions;
  adabelief: AdaBeliefOptions;
  'rms-prop': RMSpropOptions;
}

export type OptimizerName = keyof OptimizerOptionsMap;

export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['adam', 'adabelief', 'rms-prop'];

/**
 * Builds an optimizer from its faceswap config name. Names come from ini files at run time, so an
 * unknown one (including faceswap's adamax/adamw/lion/nadam, not implemented here) gets a clear error.
 */
export function createOptimizer<N extends OptimizerName>(name: N, options?: OptimizerOptionsMap[N]): Optimizer {
  switch (name as OptimizerName) {
    case 'adam':
      return new Adam(options as AdamOptions | undefined);
    case 'adabelief':
      return new AdaBelief(options as AdaBeliefOptions | undefined);
    case 'rms-prop':
      return new RMSprop(options as RMSpropOptions | undefined);
    default:
      throw new Error(`unknown optimizer '${String(name)}': supported are ${OPTIMIZER_NAMES.join(', ')}`);
  }
}
