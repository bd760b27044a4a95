import * as tf from '@tensorflow/tfjs';
import { SlotOptimizer } from './slot-optimizer.js';
import { FUSED_ADAM_UPDATE, type FusedAdamAttrs } from './fused-kernels.js';
import { checkBeta, checkEpsilon } from './hyperparameters.js';

export interface AdamOptions {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** faceswap's [global.optimizer] defaults: learning_rate 5e-5, ada_beta_1/2 0.9/0.999, epsilon_exponent −7. */
export const ADAM_DEFAULTS: Readonly<Required<AdamOptions>> = { learningRate: 5e-5, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

/**
 * Adam with torch.optim.Adam semantics: bias-corrected m̂ / (√v̂ + eps), with eps added after the
 * bias correction of v (TF/Keras instead add an eps scaled by √bc2; tfjs's tf.train.adam agrees with torch).
 * Slots: m (first moment), v (second moment).
 */
export class Adam extends SlotOptimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(options: AdamOptions = {}) {
    const o = { ...ADAM_DEFAULTS, ...options };
    super('adam', ['m', 'v'], FUSED_ADAM_UPDATE, o.learningRate);
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
