import { tf } from '@faceforge/core';
import { MomentOptimizer, MOMENT_DEFAULTS, type MomentOptions } from './moment-optimizer.js';
import { FUSED_ADABELIEF_UPDATE } from '@faceforge/core/backend';

export type AdaBeliefOptions = MomentOptions;

/** Same faceswap defaults as Adam: AdaBelief reads the shared ada_beta_1/2 and epsilon_exponent options. */
export const ADABELIEF_DEFAULTS = MOMENT_DEFAULTS;

/**
 * AdaBelief (Zhuang et al. 2020), as adabelief-pytorch computes it without rectification or weight
 * decay: the second moment tracks the "belief" (g − m)² instead of g², and eps is added both into
 * the stored s and to the denominator. Slots: m, s.
 */
export class AdaBelief extends MomentOptimizer {
  constructor(options: AdaBeliefOptions = {}) {
    super('adabelief', ['m', 's'], FUSED_ADABELIEF_UPDATE, options);
  }

  protected updateWithOps(param: tf.Variable, grad: tf.Tensor, [m, s]: readonly tf.Variable[], step: number, lr: number): tf.Tensor[] {
    const bc1 = 1 - this.beta1 ** step;
    const bc2 = 1 - this.beta2 ** step;
    const mNew = m.mul(this.beta1).add(grad.mul(1 - this.beta1));
    // The residual uses the freshly updated m, as in the paper's Algorithm 2.
    const residual = grad.sub(mNew);
    const sNew = s.mul(this.beta2).add(residual.square().mul(1 - this.beta2)).add(this.epsilon);
    const denom = sNew.sqrt().div(Math.sqrt(bc2)).add(this.epsilon);
    const pNew = param.sub(mNew.div(denom).mul(lr / bc1));
    return [pNew, mNew, sNew];
  }
}
