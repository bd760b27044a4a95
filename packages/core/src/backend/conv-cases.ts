// Convolution gradient cases shared by the wasm and cpu kernel tests.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/rng.js';
import { randomArray } from './test-helpers.js';

export interface ConvCase {
  label: string;
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  strides: [number, number];
  pad: 'same' | 'valid' | number;
  dyShape: [number, number, number, number];
  x: Float32Array;
  filter: Float32Array;
  dy: Float32Array;
}

function makeCase(rng: Rng, n: number, h: number, w: number, k: number, s: [number, number], pad: ConvCase['pad'], ci: number, co: number): ConvCase {
  const xShape: ConvCase['xShape'] = [n, h, w, ci];
  const filterShape: ConvCase['filterShape'] = [k, k, ci, co];
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, s, 1, pad);
  const dyShape: ConvCase['dyShape'] = [n, info.outHeight, info.outWidth, co];
  return {
    label: `n${n} ${h}x${w} k${k} s${s.join('/')} ${pad} ${ci}->${co}`,
    xShape, filterShape, strides: s, pad, dyShape,
    x: randomArray(rng, xShape), filter: randomArray(rng, filterShape), dy: randomArray(rng, dyShape),
  };
}

/** Kernels 1/3/5 × strides 1/2 × same/valid × sizes 7/8/9 × batch 1/3 × channels 3→4/5→8, plus odd shapes. */
export function convCases(): ConvCase[] {
  const rng = new Rng(20261123);
  const cases: ConvCase[] = [];
  for (const k of [1, 3, 5]) for (const s of [1, 2]) for (const pad of ['same', 'valid'] as const)
    for (const size of [7, 8, 9]) for (const n of [1, 3]) for (const [ci, co] of [[3, 4], [5, 8]]) {
      cases.push(makeCase(rng, n, size, size, k, [s, s], pad, ci, co));
    }
  cases.push(makeCase(rng, 2, 8, 9, 3, [2, 1], 'same', 4, 6));
  cases.push(makeCase(rng, 2, 9, 7, 5, [1, 2], 'valid', 3, 5));
  cases.push(makeCase(rng, 2, 8, 8, 3, [2, 2], 1, 3, 4));
  cases.push(makeCase(rng, 1, 9, 9, 4, [2, 2], 'same', 2, 3));
  cases.push(makeCase(rng, 1, 10, 10, 3, [3, 3], 'same', 2, 2));
  cases.push(makeCase(rng, 2, 16, 16, 5, [2, 2], 'same', 16, 24));
  return cases;
}

/** dW via the registered Conv2DBackpropFilter kernel of the active backend. */
export function backpropFilter(c: ConvCase): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(c.x, c.xShape), dy = tf.tensor4d(c.dy, c.dyShape);
    const out = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy },
      { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filterShape }) as tf.Tensor;
    return out.dataSync() as Float32Array;
  });
}

/** dx via the registered Conv2DBackpropInput kernel of the active backend. */
export function backpropInput(c: ConvCase): Float32Array {
  return tf.tidy(() => {
    const dy = tf.tensor4d(c.dy, c.dyShape), filter = tf.tensor4d(c.filter, c.filterShape);
    const out = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter },
      { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.xShape }) as tf.Tensor;
    return out.dataSync() as Float32Array;
  });
}
