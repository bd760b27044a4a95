import * as tf from '@tensorflow/tfjs';
import { SlotOptimizer } from './slot-optimizer.js';
import { FUSED_ADABELIEF_UPDATE, type FusedAdaBeliefAttrs } from './fused-kernels.js';
import { checkBeta, checkEpsilon } from './hyperparameters.js';

export interface AdaBeliefOptions {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Same faceswap defaults as Adam: AdaBelief reads the shared ada_beta_1/2 and epsilon_exponent options. */
export const ADABELIEF_DEFAULTS: Readonly<Required<AdaBeliefOptions>> = {
  learningRate: 5e-5,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-7,
};

/**
 * AdaBelief (Zhuang et al. 2020), as adabelief-pytorch computes it without rectification or weight
 * decay: the second moment tracks the "belief" (g − m)² instead of g², and eps is added both into
 * the stored s and to the denominator. Slots: m, s.
 */
export class AdaBelief extends SlotOptimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(options: AdaBeliefOptions = {}) {
    const o = { ...ADABELIEF_DEFAULTS, ...options };
    super('adabelief', ['m', 's'], FUSED_ADABELIEF_UPDATE, o.learningRate);
    checkBeta(this.name, 'beta1', o.beta1);
    checkBeta(this.name, 'beta2', o.beta2);
    checkEpsilon(this.name, o.epsilon);
    this.beta1 = o.beta1;
    this.beta2 = o.beta2;
    this.epsilon = o.epsilon;
  }

  protected fusedAttrs(step: number, lr: number): FusedAdaBeliefAttrs {
    return { lr, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, step };
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
