import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestCommand, editDistance } from './closest-command.js';

test('edit distance counts a swap of neighbouring letters as one edit', () => {
  assert.equal(editDistance('trian', 'train'), 1);
  assert.equal(editDistance('train', 'train'), 0);
  assert.equal(editDistance('extrct', 'extract'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
});

test('the closest command when it is a likely typo, none when the word is something else', () => {
  const ids = ['train', 'extract', 'convert', 'encoder:info', 'encoder:list', 'decoder:list', 'doctor'];
  assert.equal(closestCommand('trian', ids), 'train');
  assert.equal(closestCommand('Extact', ids), 'extract');
  assert.equal(closestCommand('encoder:inof', ids), 'encoder:info');
  assert.equal(closestCommand('decoder:lst', ids), 'decoder:list');
  assert.equal(closestCommand('xyzzyq', ids), undefined);
  assert.equal(closestCommand('cook', ids), undefined);
});
