import { tf } from '@faceforge/core';
import { FUSED_ADABELIEF_UPDATE, FUSED_ADAM_UPDATE, FUSED_RMSPROP_UPDATE } from '@faceforge/core/backend';
import { adaBeliefElement, adamElement, rmspropElement, type AdamHyper, type RMSpropHyper } from './torch-reference.js';

/**
 * JS implementations of the fused-kernel contract (fused-kernels.ts) for tests: they use only the
 * documented inputs/attrs/outputs, through the generic KernelBackend read/write API, the way a
 * native backend would see them. Each returns a counter of its invocations.
 */

type Element = (values: number[], attrs: Record<string, number>) => number[];

function registerElementwise(kernelName: string, backendName: string, inputNames: string[], element: Element): { calls: number } {
  const counter = { calls: 0 };
  tf.registerKernel({
    kernelName,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      counter.calls++;
      const kb = backend as tf.KernelBackend;
      const infos = inputNames.map((n) => {
        const info = inputs[n];
        if (info === undefined) throw new Error(`${kernelName}: missing input '${n}'`);
        return info;
      });
      const data = infos.map((info) => kb.readSync(info.dataId) as Float32Array);
      const outputs = infos.filter((_, i) => i !== 1).map(() => new Float32Array(data[0].length)); // all but grad
      const numericAttrs = attrs as Record<string, number>;
      for (let i = 0; i < data[0].length; i++) {
        const result = element(data.map((d) => d[i]), numericAttrs);
        result.forEach((value, k) => (outputs[k][i] = value));
      }
      const shape = infos[0].shape;
      return outputs.map((values) => ({ dataId: kb.write(values, shape, 'float32'), shape, dtype: 'float32' as const }));
    },
  });
  return counter;
}

const adamHyper = (a: Record<string, number>): AdamHyper => ({ lr: a.lr, beta1: a.beta1, beta2: a.beta2, epsilon: a.epsilon });

export function registerJsAdamKernel(backendName: string): { calls: number } {
  return registerElementwise(FUSED_ADAM_UPDATE, backendName, ['param', 'grad', 'm', 'v'], ([p, g, m, v], a) =>
    adamElement(p, g, m, v, adamHyper(a), a.step),
  );
}

export function registerJsAdaBeliefKernel(backendName: string): { calls: number } {
  return registerElementwise(FUSED_ADABELIEF_UPDATE, backendName, ['param', 'grad', 'm', 's'], ([p, g, m, s], a) =>
    adaBeliefElement(p, g, m, s, adamHyper(a), a.step),
  );
}

export function registerJsRMSpropKernel(backendName: string): { calls: number } {
  return registerElementwise(FUSED_RMSPROP_UPDATE, backendName, ['param', 'grad', 'ms'], ([p, g, ms], a) => {
    const h: RMSpropHyper = { lr: a.lr, rho: a.rho, epsilon: a.epsilon };
    return rmspropElement(p, g, ms, h);
  });
}
