// The built-in losses tested with the public plugin harness (@faceforge/core/testing) against the
// plain-JS (float64) oracles in plain-js-oracles.ts: values, gradients (central differences of the
// oracle), output shape, the minimum at identical inputs and tensor leaks. Each loss is looked up in
// the registry the plugin fills, as training does.
import { lossInput, testLoss, testPresets, type LossInput } from '@faceforge/core/testing';
import plugin from './index.js';
import { SCHARR_5X5_Y } from './gmsd.js';
import { barron, focalFrequencyMap, gmsdMap, makeImage, pixelGradientDiffMap, randomImage, ssimLossMap, type JsImage } from './plain-js-oracles.js';

type Data = { data: ArrayLike<number> };
const pointwise = (f: (d: number) => number) => (t: Data, p: Data) => Float64Array.from(p.data, (v, i) => f(v - t.data[i]!));

testLoss<LossInput>({ plugin, name: 'mae' }, {
  cases: [
    { name: '{shape, data} inputs', yTrue: lossInput([2, 4, 5, 3], 1), yPred: lossInput([2, 4, 5, 3], 2), expected: pointwise(Math.abs), tolerance: 1e-5 },
    { name: 'one channel', yTrue: randomImage(1, 6, 6, 1, 3), yPred: randomImage(1, 6, 6, 1, 4), expected: pointwise(Math.abs), tolerance: 1e-5 },
  ],
});

testLoss({ plugin, name: 'mse' }, {
  cases: [{ yTrue: randomImage(2, 4, 5, 3, 5), yPred: randomImage(2, 4, 5, 3, 6), expected: pointwise((d) => d * d), tolerance: 1e-5 }],
});

testLoss({ plugin, name: 'logcosh' }, {
  cases: [{ yTrue: randomImage(2, 3, 4, 3, 1), yPred: randomImage(2, 3, 4, 3, 2), expected: pointwise((d) => Math.log(Math.cosh(d))), tolerance: 1e-3 }],
});

testLoss({ plugin, name: 'smooth_loss' }, {
  cases: [{ yTrue: randomImage(1, 4, 4, 3, 3), yPred: randomImage(1, 4, 4, 3, 4), expected: pointwise((d) => barron(d, 1, 1 / 255)) }],
});

/** Per item: the largest |d| over H×W of each channel, averaged over the channels. */
function lInfNorm(t: JsImage, p: JsImage): Float64Array {
  return Float64Array.from({ length: t.n }, (_, b) => {
    let sum = 0;
    for (let c = 0; c < t.c; c++) {
      let max = 0;
      for (let i = 0; i < t.h * t.w; i++) {
        const at = (b * t.h * t.w + i) * t.c + c;
        max = Math.max(max, Math.abs(p.data[at]! - t.data[at]!));
      }
      sum += max;
    }
    return sum / t.c;
  });
}

testLoss({ plugin, name: 'l_inf_norm' }, {
  cases: [
    { name: 'random images', yTrue: randomImage(2, 4, 5, 2, 7), yPred: randomImage(2, 4, 5, 2, 8), expected: lInfNorm, tolerance: 1e-5 },
    {
      name: 'hand-computed values',
      yTrue: makeImage(2, 2, 3, 2, () => 0),
      yPred: makeImage(2, 2, 3, 2, (n, y, x, c) => (n + 1) * 0.1 * (c === 0 ? y + x : -(y * 3 + x) / 5)),
      // item 0: channel 0 max 0.3, channel 1 max 0.1 → 0.2; item 1 doubles. The max is tied at zero
      // differences in places, so the gradient is checked on the random case only.
      expected: [0.2, 0.4],
      tolerance: 1e-5,
      gradient: false,
    },
  ],
});

testLoss({ plugin, name: 'ssim' }, {
  cases: [{
    name: '12×12, 11×11 Gaussian window, reflected borders',
    yTrue: randomImage(1, 12, 12, 3, 12),
    yPred: randomImage(1, 12, 12, 3, 13),
    expected: ssimLossMap,
    tolerance: 1e-3,
    floor: 1e-2,
  }],
});

testLoss({ plugin, name: 'gmsd' }, {
  cases: [{ yTrue: randomImage(1, 12, 12, 2, 32), yPred: randomImage(1, 12, 12, 2, 33), expected: (t, p) => gmsdMap(t, p, SCHARR_5X5_Y), floor: 1e-3 }],
});

testLoss({ plugin, name: 'pixel_gradient_diff' }, {
  cases: [{ yTrue: randomImage(2, 5, 7, 2, 61), yPred: randomImage(2, 5, 7, 2, 62), expected: pixelGradientDiffMap, tolerance: 1e-3, floor: 1e-3 }],
});

testLoss({ plugin, name: 'ffl' }, {
  cases: [{
    yTrue: randomImage(2, 4, 6, 2, 53),
    yPred: randomImage(2, 4, 6, 2, 54),
    expected: focalFrequencyMap,
    tolerance: 1e-3,
    floor: 1e-3,
    // The focal weight is held constant in the gradient (faceswap stops it), so the gradient is not
    // that of the oracle's map: the values are checked here, finiteness of the gradient in gradients.test.ts.
    gradient: false,
  }],
});

testPresets(plugin);
