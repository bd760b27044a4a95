// The Villain model tested with the public plugin harness (@faceforge/core/testing), in lowmem
// (8 residual blocks, 97 M parameters in all instead of 155 M) with batch 2: at 128 px the full
// model is too slow for a test on 2 CPU cores. The parameter table test covers the defaults.
import { testModelPlugin, testPresets } from '@faceforge/core/testing';
import plugin from './index.js';

testModelPlugin(plugin, {
  model: 'villain',
  config: { lowmem: true },
  expectedParameters: { encoder: 75_573_504, decoder_a: 21_543_555, decoder_b: 21_543_555 },
  batchSize: 2,
  steps: 6,
});
testPresets(plugin);
