import { tf } from '@faceforge/core';
import { MomentOptimizer, MOMENT_DEFAULTS, type MomentOptions } from './moment-optimizer.js';
import { FUSED_ADAM_UPDATE } from '@faceforge/core/backend';

export type AdamOptions = MomentOptions;

/** faceswap's [global.optimizer] defaults: learning_rate 5e-5, ada_beta_1/2 0.9/0.999, epsilon_exponent −7. */
export const ADAM_DEFAULTS = MOMENT_DEFAULTS;

/**
 * Adam with torch.optim.Adam semantics: bias-corrected m̂ / (√v̂ + eps), with eps added after the
 * bias correction of v (TF/Keras instead add an eps scaled by √bc2; tfjs's tf.train.adam agrees with torch).
 * Slots: m (first moment), v (second moment).
 */
export class Adam extends MomentOptimizer {
  constructor(options: AdamOptions = {}) {
    super('adam', ['m', 'v'], FUSED_ADAM_UPDATE, options);
  }

  protected updateWithOps(param: tf.Variable, grad: tf.Tensor, [m, v]: readonly tf.Variable[], step: number, lr: number): tf.Tensor[] {
    // Bias corrections in double precision, as torch computes them on the host.
    const bc1 = 1 - this.beta1 ** step;
    const bc2 = 1 - this.beta2 ** step;
    const mNew = m.mul(this.beta1).add(grad.mul(1 - this.beta1));
    const vNew = v.mul(this.beta2).add(grad.square().mul(1 - this.beta2));
    const denom = vNew.sqrt().div(Math.sqrt(bc2)).add(this.epsilon);
    const pNew = param.sub(mNew.div(denom).mul(lr / bc1));
    return [pNew, mNew, vNew];
  }
}
