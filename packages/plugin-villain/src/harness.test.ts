// The Villain model tested with the public plugin harness (@faceforge/core/testing), in lowmem
// (8 residual blocks, 118,660,614 parameters instead of 155,115,014) with batch 2: at 128 px the
// full model is too slow for a test on 2 CPU cores (the parameter table test covers the defaults).
// faceswap's RandomNormal(0, 0.02) initialisation starts Villain as a flat grey image (its separable
// convs shrink the activations' variance ~2000×, so the latent is ~0): the loss only starts falling after
// about 10 steps. So the harness trains 20 steps at 2e-4 (faceswap's 5e-5 is slower still; 5e-4 and
// 1e-3 overshoot into saturated outputs). Seeded: the last 5 steps average ≈ 0.40 against the
// first step's 0.477 (limit 0.453). About 2 minutes on 2 cores, over the ~60 s wished for.
import { testModelPlugin, testPresets } from '@faceforge/core/testing';
import plugin from './index.js';

testModelPlugin(plugin, {
  model: 'villain',
  config: { lowmem: true },
  sections: { 'global.optimizer': { learning_rate: 2e-4 } },
  expectedParameters: { encoder: 75_573_504, decoder_a: 21_543_555, decoder_b: 21_543_555 },
  batchSize: 2,
  steps: 20,
});
testPresets(plugin);
