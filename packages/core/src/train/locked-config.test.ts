import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineSection, option } from '../config/options.js';
import { applyLockedConfig, sessionConfig } from './locked-config.js';

const globalSection = defineSection('global', 'Global.', {
  coverage: option.number({ default: 100, min: 62.5, max: 100, group: 'face', fixed: true, help: 'Coverage.' }),
  nan_protection: option.boolean({ default: true, group: 'network', help: 'Stop on NaN.' }),
});
const modelSection = defineSection('model.tiny', 'Tiny.', {
  width: option.integer({ default: 8, min: 2, max: 64, group: 'model', fixed: true, help: 'Width.' }),
  mode: option.choice({ choices: ['a', 'b'] as const, default: 'a', group: 'model', fixed: true, help: 'Mode.' }),
  dropout: option.number({ default: 0, min: 0, max: 0.5, group: 'model', help: 'Dropout.' }),
});
const sections = [globalSection, modelSection];

const locked = {
  global: { coverage: 87.5, nan_protection: true },
  'model.tiny': { width: 16, mode: 'b', dropout: 0.1 },
};

test('fixed options keep their locked values and each ignored change is reported', () => {
  const requested = {
    global: { coverage: 75, nan_protection: false },
    'model.tiny': { width: 32, mode: 'b', dropout: 0.3 },
  };
  const result = applyLockedConfig(sections, requested, locked);
  assert.deepEqual(result.values, {
    global: { coverage: 87.5, nan_protection: false },
    'model.tiny': { width: 16, mode: 'b', dropout: 0.3 },
  });
  assert.deepEqual(result.ignored, [
    '[global] coverage = 75 ignored: fixed when the model was created as 87.5',
    '[model.tiny] width = 32 ignored: fixed when the model was created as 16',
  ]);
  // The requested object is not modified.
  assert.equal(requested.global.coverage, 75);
  assert.equal(requested['model.tiny'].width, 32);
});

test('string and boolean fixed values are reported JSON-quoted with section, key, requested and locked value', () => {
  const flagSection = defineSection('global.loss', 'Loss.', {
    learn_mask: option.boolean({ default: false, group: 'mask', fixed: true, help: 'Learn mask.' }),
    mask_type: option.choice({ choices: ['extended', 'full'] as const, default: 'extended', group: 'mask', fixed: true, help: 'Mask.' }),
  });
  const result = applyLockedConfig([flagSection], { 'global.loss': { learn_mask: true, mask_type: 'full' } },
    { 'global.loss': { learn_mask: false, mask_type: 'extended' } });
  assert.deepEqual(result.values, { 'global.loss': { learn_mask: false, mask_type: 'extended' } });
  assert.deepEqual(result.ignored, [
    '[global.loss] learn_mask = true ignored: fixed when the model was created as false',
    '[global.loss] mask_type = "full" ignored: fixed when the model was created as "extended"',
  ]);
});

test('unchanged fixed values are not reported; non-fixed options always take the requested value', () => {
  const requested = {
    global: { coverage: 87.5, nan_protection: true },
    'model.tiny': { width: 16, mode: 'b', dropout: 0.25 },
  };
  const result = applyLockedConfig(sections, requested, locked);
  assert.deepEqual(result.ignored, []);
  assert.deepEqual(result.values, requested);
  assert.equal(result.values['model.tiny']!.dropout, 0.25);
});

test('no locked config → the requested values are returned unchanged', () => {
  const requested = { global: { coverage: 70, nan_protection: false }, 'model.tiny': { width: 4, mode: 'a', dropout: 0 } };
  const result = applyLockedConfig(sections, requested, undefined);
  assert.equal(result.values, requested);
  assert.deepEqual(result.ignored, []);
});

test('options missing from the locked config (added later) keep the requested value; extra sections pass through', () => {
  const requested = {
    global: { coverage: 70, nan_protection: true },
    'model.tiny': { width: 4, mode: 'a', dropout: 0 },
    'trainer.augmentation': { preview_images: 14 },
  };
  const result = applyLockedConfig(sections, requested, { 'model.tiny': { width: 4 } });
  assert.deepEqual(result.ignored, []);
  assert.deepEqual(result.values, requested);
  // A section the run did not request still gets its locked fixed values.
  const fromEmpty = applyLockedConfig(sections, {}, locked);
  assert.deepEqual(fromEmpty.values, { global: { coverage: 87.5 }, 'model.tiny': { width: 16, mode: 'b' } });
});

test('sessionConfig lists only the non-fixed options, per section', () => {
  const values = {
    global: { coverage: 87.5, nan_protection: false },
    'model.tiny': { width: 16, mode: 'b', dropout: 0.2 },
  };
  assert.deepEqual(sessionConfig(sections, values), {
    global: { nan_protection: false },
    'model.tiny': { dropout: 0.2 },
  });
  // A section with only fixed options is left out.
  const allFixed = defineSection('model.locked', 'All fixed.', {
    size: option.integer({ default: 64, min: 8, max: 512, group: 'm', fixed: true, help: 'Size.' }),
  });
  assert.deepEqual(sessionConfig([allFixed, globalSection], { 'model.locked': { size: 64 }, global: { nan_protection: true } }), {
    global: { nan_protection: true },
  });
});
