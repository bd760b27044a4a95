// @faceforge/core/testing fails broken plugins, each on the test that looks for the flaw: a child
// `node --test` runs test/fixtures/harness-broken/broken-plugins.mjs and its TAP report is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { TEST_ROOT } from './support.js';

test('the harness reports each flaw of the broken fixture plugins as a failing test, and passes the rest', () => {
  const file = join(TEST_ROOT, 'fixtures', 'harness-broken', 'broken-plugins.mjs');
  // Without NODE_TEST_CONTEXT: set by the runner around this file, it would make the child report to it instead of printing TAP.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const child = spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], { encoding: 'utf8', env: { ...env, FACEFORGE_BACKEND: 'wasm' }, timeout: 5 * 60 * 1000 });
  const tap = child.stdout;
  assert.notEqual(child.status, 0, 'the child run must fail');
  const failed = [...tap.matchAll(/^ {4}not ok \d+ - (.*)$/gm)].map((m) => m[1]!);
  const passed = [...tap.matchAll(/^ {4}ok \d+ - (.*)$/gm)].map((m) => m[1]!);
  assert.deepEqual(failed.sort(), [
    "'typo': has a description and names only keys of the plugin's section",
    "'typo': validates against [model.tiny] with resolveSection",
    '32 px: covers 1%..99% of each face (not empty, not everything)',
    'builds: parts, parameter counts as expected, forward output shapes and range',
    'case 1: gradient with respect to yPred matches central differences',
    'case 1: leaks no tensors (compute and gradient)',
    'noise: the same seed gives the same samples',
  ].sort(), tap);
  // the rest of each suite passes: values of both losses, the mask's format, the model's training and round-trip
  assert.equal(passed.filter((name) => name === 'case 1: values match the oracle').length, 2);
  assert.ok(passed.includes('32 px on the shipped faces: 1 channel, 32×32, values finite in 0..1'));
  assert.ok(passed.includes('trains 4 steps (batch 4, seed 1) on the shipped faces and the loss goes down'), tap);
  assert.ok(passed.includes('weights round-trip: parts saved as weights files load into a fresh build, which then gives identical output'));
  assert.match(tap, /parameter.*total 241,990/);
});
