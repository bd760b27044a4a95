import { test } from 'node:test';
import assert from 'node:assert/strict';
import { architectureFingerprint, weightsFileArchitecture } from '@faceforge/packs';
import { tf } from '../tf.js';
import { createBlocks } from '../model/blocks.js';
import { encodePart } from '../model/model-files.js';
import { framingOf, partFingerprint } from './fingerprint.js';

test('a built part and its weights file give the same fingerprint; rebuilding gives it again', async () => {
  const build = (filters: number) => {
    const blocks = createBlocks(1);
    const input = tf.input({ shape: [16, 16, 3] });
    const x = blocks.dense(blocks.flatten(blocks.conv(input, filters)), 8);
    return tf.model({ inputs: input, outputs: x, name: 'encoder' });
  };
  const framing = { inputSize: 16, centering: 'face', coverage: 100 };
  const one = build(4);
  const two = build(4);
  const wide = build(8);
  const fingerprint = partFingerprint(one, framing);
  assert.equal(partFingerprint(two, framing), fingerprint, 'a second build of the same architecture');
  assert.notEqual(partFingerprint(wide, framing), fingerprint, 'more filters');
  const file = await encodePart('encoder', one);
  assert.equal(architectureFingerprint({ weights: weightsFileArchitecture(file, 'encoder.weights'), ...framing }), fingerprint);
  for (const model of [one, two, wide]) model.dispose();
});

test('framing comes from the [global] section, with faceswap defaults for older models', () => {
  assert.deepEqual(framingOf({ global: { coverage: 87.5, centering: 'head' } }), { centering: 'head', coverage: 87.5 });
  assert.deepEqual(framingOf({}), { centering: 'face', coverage: 100 });
});
