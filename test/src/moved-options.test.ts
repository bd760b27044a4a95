import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createForge, silentLogger } from '@faceforge/core';
import { parseIni } from '@faceforge/core/config';

const forge = await createForge({ log: silentLogger });
const sections = forge.sectionsFor('original');

test('an ini file from before preview_images moved to [global] still reads: the value moves with it', () => {
  const values = parseIni('[trainer.augmentation]\npreview_images = 8\nflip_chance = 20\n', sections, 'old.ini');
  assert.equal(values.global!.preview_images, 8);
  assert.equal(values['trainer.augmentation']!.flip_chance, 20);
  assert.ok(!('preview_images' in values['trainer.augmentation']!));
});

test('the new place wins when an ini file sets preview_images in both', () => {
  const values = parseIni('[global]\npreview_images = 4\n[trainer.augmentation]\npreview_images = 8\n', sections, 'both.ini');
  assert.equal(values.global!.preview_images, 4);
});
