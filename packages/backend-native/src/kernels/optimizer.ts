// Fused optimizer updates (core's optimizers/fused-kernels.ts contract), in place when the backend may.
import type { NativeBackend } from '../native-backend.js';
import { f32, out, updateTarget, type NativeFunc, type TensorInfo } from './native-func.js';

function adamKernel(adabelief: boolean): NativeFunc {
  return ({ inputs, attrs = {} }, native, backend) => {
    const slot = adabelief ? 's' : 'v';
    const { param, grad, m } = inputs as Record<string, TensorInfo>;
    const second = inputs[slot] as TensorInfo;
    const p = f32(backend, param), g = f32(backend, grad), mv = f32(backend, m), vv = f32(backend, second);
    if (!p || !g || !mv || !vv || g.length !== p.length || mv.length !== p.length || vv.length !== p.length) {
      throw new Error(`native ${adabelief ? 'FaceforgeAdaBeliefUpdate' : 'FaceforgeAdamUpdate'}: inputs must be float32 tensors of one shape`);
    }
    const po = updateTarget(backend, param, p), mo = updateTarget(backend, m, mv), vo = updateTarget(backend, second, vv);
    native.adam(p, g, mv, vv, po, mo, vo, Number(attrs.lr), Number(attrs.beta1), Number(attrs.beta2), Number(attrs.epsilon), Number(attrs.step), adabelief);
    return [out(backend, param.shape, po), out(backend, param.shape, mo), out(backend, param.shape, vo)];
  };
}

const rmspropKernel: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { param, grad, ms } = inputs as Record<string, TensorInfo>;
  const p = f32(backend, param), g = f32(backend, grad), msv = f32(backend, ms);
  if (!p || !g || !msv || g.length !== p.length || msv.length !== p.length) {
    throw new Error('native FaceforgeRMSpropUpdate: inputs must be float32 tensors of one shape');
  }
  const po = updateTarget(backend, param, p), mso = updateTarget(backend, ms, msv);
  native.rmsprop(p, g, msv, po, mso, Number(attrs.lr), Number(attrs.rho), Number(attrs.epsilon));
  return [out(backend, param.shape, po), out(backend, param.shape, mso)];
};

export const OPTIMIZER_KERNELS: Record<string, NativeFunc> = {
  FaceforgeAdamUpdate: adamKernel(false),
  FaceforgeAdaBeliefUpdate: adamKernel(true),
  FaceforgeRMSpropUpdate: rmspropKernel,
};
