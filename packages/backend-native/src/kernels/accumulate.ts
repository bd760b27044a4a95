// FaceforgeAccumulate (core's optimizers/fused-kernels.ts contract): a running sum plus one more term,
// written into the sum's own array when the caller's tensor is the only one on it.
import { BINARY, BROADCAST } from '../addon.js';
import { f32, out, updateTarget, type NativeFunc, type TensorInfo } from './native-func.js';

const accumulateKernel: NativeFunc = ({ inputs }, native, backend) => {
  const { sum, addend } = inputs as Record<string, TensorInfo>;
  const s = f32(backend, sum), a = f32(backend, addend);
  if (!s || !a || s.length !== a.length) throw new Error('native FaceforgeAccumulate: sum and addend must be float32 tensors of one shape');
  const y = updateTarget(backend, sum, s);
  native.binary(BINARY.add, s, a, y, y.length, BROADCAST.same, 0);
  return out(backend, sum.shape, y);
};

export const ACCUMULATE_KERNELS: Record<string, NativeFunc> = { FaceforgeAccumulate: accumulateKernel };
