/**
 * Plain-JS, double-precision, one-element-at-a-time transcriptions of the torch update rules
 * (torch.optim.Adam, adabelief-pytorch without rectification, torch.optim.RMSprop). Tests compare
 * the tfjs implementations against these; nothing here touches tfjs.
 */

export interface AdamHyper { lr: number; beta1: number; beta2: number; epsilon: number }
export interface RMSpropHyper { lr: number; rho: number; epsilon: number }

/** torch/optim/adam.py `_single_tensor_adam`: returns [param, m, v]. */
export function adamElement(p: number, g: number, m: number, v: number, h: AdamHyper, step: number): [number, number, number] {
  m = h.beta1 * m + (1 - h.beta1) * g;
  v = h.beta2 * v + (1 - h.beta2) * g * g;
  const stepSize = h.lr / (1 - h.beta1 ** step);
  const denom = Math.sqrt(v) / Math.sqrt(1 - h.beta2 ** step) + h.epsilon;
  return [p - (stepSize * m) / denom, m, v];
}

/** adabelief_pytorch AdaBelief.step (rectify=False, weight_decay=0, amsgrad=False): returns [param, m, s]. */
export function adaBeliefElement(p: number, g: number, m: number, s: number, h: AdamHyper, step: number): [number, number, number] {
  m = h.beta1 * m + (1 - h.beta1) * g;
  const r = g - m;
  s = h.beta2 * s + (1 - h.beta2) * r * r + h.epsilon;
  const stepSize = h.lr / (1 - h.beta1 ** step);
  const denom = Math.sqrt(s) / Math.sqrt(1 - h.beta2 ** step) + h.epsilon;
  return [p - (stepSize * m) / denom, m, s];
}

/** torch/optim/rmsprop.py (centered=False, momentum=0): returns [param, ms]. */
export function rmspropElement(p: number, g: number, ms: number, h: RMSpropHyper): [number, number] {
  ms = h.rho * ms + (1 - h.rho) * g * g;
  return [p - (h.lr * g) / (Math.sqrt(ms) + h.epsilon), ms];
}

/** Reference optimizer over named flat arrays: slots are created (zeros) on first update, like the real ones. */
export class ReferenceOptimizer {
  readonly slots = new Map<string, Float64Array[]>();
  step = 0;

  constructor(
    private readonly kind: 'adam' | 'adabelief' | 'rms-prop',
    public hyper: AdamHyper | RMSpropHyper,
  ) {}

  /** Updates params in place from grads (name → flat gradient); names absent from grads are skipped. */
  apply(params: Map<string, Float64Array>, grads: Map<string, Float64Array>): void {
    const step = ++this.step;
    for (const [name, p] of params) {
      const g = grads.get(name);
      if (g === undefined) continue;
      const count = this.kind === 'rms-prop' ? 1 : 2;
      if (!this.slots.has(name)) this.slots.set(name, Array.from({ length: count }, () => new Float64Array(p.length)));
      const [a, b] = this.slots.get(name)!;
      for (let i = 0; i < p.length; i++) {
        if (this.kind === 'rms-prop') {
          [p[i], a[i]] = rmspropElement(p[i], g[i], a[i], this.hyper as RMSpropHyper);
        } else {
          const fn = this.kind === 'adam' ? adamElement : adaBeliefElement;
          [p[i], a[i], b[i]] = fn(p[i], g[i], a[i], b[i], this.hyper as AdamHyper, step);
        }
      }
    }
  }
}
