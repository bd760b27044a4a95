/**
 * Core alone (no discovered plugin) implements no loss, augmentation, optimizer, mask, colour
 * adjustment or writer: those are plugin packages (`@faceforge/plugin-losses`, `plugin-augment`,
 * `plugin-optimizers`, `plugin-masks`, `plugin-convert`), and core gets what it needs from them
 * through a forge's registries. Its one colour adjustment is `none`, convert's leave-as-is default.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createForge } from './create-forge.js';
import { silentLogger } from './util/logger.js';

test('core alone registers no loss, augmentation, optimizer, mask, colour adjustment or writer', async () => {
  const forge = await createForge({ discover: false, log: silentLogger });
  assert.deepEqual(forge.losses.names(), []);
  assert.deepEqual(forge.augmentations.names(), []);
  assert.deepEqual(forge.optimizers.names(), []);
  assert.deepEqual(forge.masks.names(), []);
  assert.deepEqual(forge.colourAdjustments.names(), ['none']);
  assert.deepEqual(forge.writers.names(), []);
  assert.deepEqual(forge.models.names(), []);
});
