// The Original model tested with the public plugin harness (@faceforge/core/testing). The full model
// (82 M parameters, faceswap's default) trains its 8 steps of batch 2 in about 11 s on 2 CPU cores,
// so lowmem is not needed here.
import { testModelPlugin, testPresets } from '@faceforge/core/testing';
import plugin from './index.js';

testModelPlugin(plugin, {
  model: 'original',
  expectedParameters: { encoder: 69_662_976, decoder_a: 6_199_747, decoder_b: 6_199_747 },
  batchSize: 2,
  steps: 8,
});
testPresets(plugin);
