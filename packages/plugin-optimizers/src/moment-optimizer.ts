import { SlotOptimizer } from './slot-optimizer.js';
import type { FusedAdamAttrs } from '@faceforge/core/backend';
import { checkBeta, checkEpsilon } from './hyperparameters.js';

/** Hyperparameters shared by the Adam family (faceswap's learning_rate, ada_beta_1/2, epsilon_exponent). */
export interface MomentOptions {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** faceswap's [global.optimizer] defaults: learning_rate 5e-5, ada_beta_1/2 0.9/0.999, epsilon_exponent −7. */
export const MOMENT_DEFAULTS: Readonly<Required<MomentOptions>> = { learningRate: 5e-5, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

/** An optimizer with first/second moment slots and bias correction (Adam, AdaBelief): validated betas and eps, fused-kernel attrs. */
export abstract class MomentOptimizer extends SlotOptimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  protected constructor(name: string, slotNames: readonly string[], fusedKernelName: string, options: MomentOptions) {
    const o = { ...MOMENT_DEFAULTS, ...options };
    super(name, slotNames, fusedKernelName, o.learningRate);
    checkBeta(this.name, 'beta1', o.beta1);
    checkBeta(this.name, 'beta2', o.beta2);
    checkEpsilon(this.name, o.epsilon);
    this.beta1 = o.beta1;
    this.beta2 = o.beta2;
    this.epsilon = o.epsilon;
  }

  protected fusedAttrs(step: number, lr: number): FusedAdamAttrs {
    return { lr, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, step };
  }
}
