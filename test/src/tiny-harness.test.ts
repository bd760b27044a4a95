// The third-party tiny model (plain JS, test/fixtures/plugin-tiny) tested with the public harness,
// as its author would: one call per thing it ships.
import { testModelPlugin, testPresets } from '@faceforge/core/testing';
import type { FaceforgePlugin } from '@faceforge/core';
import { TINY_PLUGIN_DIR } from './support.js';

const { default: tiny } = (await import(`${TINY_PLUGIN_DIR}/index.js`)) as { default: FaceforgePlugin };

testModelPlugin(tiny, {
  model: 'tiny',
  // encoder: 5×5 convs 3→16 (1,216) and 16→32 (12,832), dense 2048→64 (131,136) and 64→1024 (66,560),
  // 3×3 upscale 16→64 (9,280); each decoder: upscale (9,280) and a 5×5 3-channel output (1,203)
  expectedParameters: { encoder: 221_024, decoder_a: 10_483, decoder_b: 10_483 },
  // the tiny model learns at a larger step than the 80 M-parameter default of 5e-5
  sections: { 'global.optimizer': { learning_rate: 5e-4 } },
  batchSize: 4,
  steps: 12,
});
testPresets(tiny);
