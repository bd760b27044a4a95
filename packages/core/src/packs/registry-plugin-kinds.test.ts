import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PLUGIN_KINDS as INDEX_PLUGIN_KINDS } from '@faceforge/packs';
import { PLUGIN_KINDS } from '../plugin/plugin.js';

test('a registry index lists plugins under exactly the kinds core loads', () => {
  assert.deepEqual([...INDEX_PLUGIN_KINDS], [...PLUGIN_KINDS]);
});
