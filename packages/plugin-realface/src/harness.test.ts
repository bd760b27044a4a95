// The RealFace model tested with the public plugin harness (@faceforge/core/testing) at faceswap's
// defaults (64 px in, 128 px out: the trainer feeds 64 px faces and scores 128 px targets), batch 2.
import { testModelPlugin, testPresets } from '@faceforge/core/testing';
import plugin from './index.js';

testModelPlugin(plugin, {
  model: 'realface',
  // the hand table's sums (realface-parameters.test.ts)
  expectedParameters: { encoder: 29_604_608, decoder_a: 64_196_041, decoder_b: 144_441_027 },
  batchSize: 2,
  steps: 10,
});
testPresets(plugin);
