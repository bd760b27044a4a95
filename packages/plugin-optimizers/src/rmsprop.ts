import { tf } from '@faceforge/core';
import { SlotOptimizer } from './slot-optimizer.js';
import { FUSED_RMSPROP_UPDATE, type FusedRMSpropAttrs } from '@faceforge/core/backend';
import { checkBeta, checkEpsilon } from './hyperparameters.js';

export interface RMSpropOptions {
  learningRate?: number;
  /** Decay of the mean square (torch's `alpha`, Keras's `rho`). */
  rho?: number;
  epsilon?: number;
}

/** faceswap's lr and epsilon_exponent defaults; rho is torch's alpha default (faceswap does not set it). */
export const RMSPROP_DEFAULTS: Readonly<Required<RMSpropOptions>> = { learningRate: 5e-5, rho: 0.99, epsilon: 1e-7 };

/**
 * RMSprop with torch.optim.RMSprop semantics (not centred, no momentum): eps is added outside the
 * square root and there is no bias correction, so early steps are large (≈ lr/√(1−rho)). Slot: ms.
 */
export class RMSprop extends SlotOptimizer {
  readonly rho: number;
  readonly epsilon: number;

  constructor(options: RMSpropOptions = {}) {
    const o = { ...RMSPROP_DEFAULTS, ...options };
    super('rms-prop', ['ms'], FUSED_RMSPROP_UPDATE, o.learningRate);
    checkBeta(this.name, 'rho', o.rho);
    checkEpsilon(this.name, o.epsilon);
    this.rho = o.rho;
    this.epsilon = o.epsilon;
  }

  protected fusedAttrs(_step: number, lr: number): FusedRMSpropAttrs {
    return { lr, rho: this.rho, epsilon: this.epsilon };
  }

  protected updateWithOps(param: tf.Variable, grad: tf.Tensor, [ms]: readonly tf.Variable[], _step: number, lr: number): tf.Tensor[] {
    const msNew = ms.mul(this.rho).add(grad.square().mul(1 - this.rho));
    const pNew = param.sub(grad.div(msNew.sqrt().add(this.epsilon)).mul(lr));
    return [pNew, msNew];
  }
}
