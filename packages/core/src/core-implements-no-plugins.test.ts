/**
 * Core alone (no discovered plugin) implements no loss, augmentation, optimizer or landmark mask:
 * those are plugin packages (`@faceforge/plugin-losses`, `plugin-augment`, `plugin-optimizers`,
 * `plugin-masks`), and core gets what it needs from them through a forge's registries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createForge } from './create-forge.js';
import { silentLogger } from './util/logger.js';

test('core alone registers no loss, augmentation, optimizer or landmark mask', async () => {
  const forge = await createForge({ discover: false, log: silentLogger });
  assert.deepEqual(forge.losses.names(), []);
  assert.deepEqual(forge.augmentations.names(), []);
  assert.deepEqual(forge.optimizers.names(), []);
  for (const name of ['components', 'extended', 'eye', 'mouth']) assert.ok(!forge.masks.has(name), `core registers the '${name}' mask`);
});
