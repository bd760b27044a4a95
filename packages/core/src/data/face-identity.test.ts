import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describeIdentity, meanDescriptorHash } from './face-identity.js';
import type { FaceRecord } from './face-record.js';

const face = (metadata?: Record<string, unknown>): FaceRecord => ({ path: 'x.png', image: { width: 1, height: 1, channels: 3, data: new Float32Array(3) }, masks: {}, metadata });

test('the descriptor hash is sha256 of the mean descriptor as little-endian float32', () => {
  const expected = createHash('sha256').update(Buffer.from(new Float32Array([2, -1, 0.5]).buffer)).digest('hex');
  assert.equal(meanDescriptorHash([[1, 0, 0.25], [3, -2, 0.75]]), `sha256:${expected}`);
  assert.equal(meanDescriptorHash([]), undefined);
  // order of faces does not matter; a different set does
  assert.equal(meanDescriptorHash([[3, -2, 0.75], [1, 0, 0.25]]), meanDescriptorHash([[1, 0, 0.25], [3, -2, 0.75]]));
  assert.notEqual(meanDescriptorHash([[1, 0, 0.25]]), meanDescriptorHash([[1, 0, 0.25], [3, -2, 0.75]]));
});

test('an identity is the folder name, the face count, and the descriptor hash of the faces that carry one', () => {
  const faces = [face({ descriptor: [1, 0, 0.25] }), face({ descriptor: [3, -2, 0.75] }), face(), face({ descriptor: 'junk' })];
  assert.deepEqual(describeIdentity('/data/faces/alice/', faces), { label: 'alice', faces: 4, descriptorHash: meanDescriptorHash([[1, 0, 0.25], [3, -2, 0.75]]) });
  assert.deepEqual(describeIdentity('faces/bob', [face(), face()]), { label: 'bob', faces: 2 });
});
