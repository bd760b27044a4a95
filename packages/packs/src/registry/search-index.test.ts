import { test } from 'node:test';
import assert from 'node:assert/strict';
import { searchIndex } from './search-index.js';
import { FINGERPRINT_A, FINGERPRINT_B, fixtureIndex } from './test-index.fixture.js';

const names = (r: ReturnType<typeof searchIndex>) => [...r.packs.map((p) => p.name), ...r.plugins.map((p) => p.npmName)];

test('no query lists every pack with an installable version, and every plugin', () => {
  const results = searchIndex(fixtureIndex());
  assert.deepEqual(names(results), ['alice-decoder', 'seasoned-encoder', '@faceforge/plugin-original', 'faceforge-plugin-villain']);
  const encoder = results.packs.find((p) => p.name === 'seasoned-encoder')!;
  assert.equal(encoder.latest, '1.2.0');
  assert.equal(encoder.versions, 5);
});

test('text matches words in names, descriptions, keywords and plugins, case-insensitively', () => {
  assert.deepEqual(names(searchIndex(fixtureIndex(), { text: 'SEASONED' })), ['seasoned-encoder', 'faceforge-plugin-villain']);
  assert.deepEqual(names(searchIndex(fixtureIndex(), { text: 'alice front' })), ['alice-decoder']);
  assert.deepEqual(names(searchIndex(fixtureIndex(), { text: 'alice villain' })), []);
  assert.deepEqual(names(searchIndex(fixtureIndex(), { text: 'original' })), ['alice-decoder', 'seasoned-encoder', '@faceforge/plugin-original']);
});

test('filters: plugin, keyword, kind, fingerprint', () => {
  assert.deepEqual(names(searchIndex(fixtureIndex(), { plugin: 'villain' })), ['faceforge-plugin-villain']);
  assert.deepEqual(names(searchIndex(fixtureIndex(), { plugin: '@faceforge/plugin-original' })), ['@faceforge/plugin-original']);
  assert.deepEqual(names(searchIndex(fixtureIndex(), { keyword: 'Faceswap' })), ['@faceforge/plugin-original', 'faceforge-plugin-villain']);
  assert.deepEqual(names(searchIndex(fixtureIndex(), { kind: 'decoder' })), ['alice-decoder']);
  assert.deepEqual(names(searchIndex(fixtureIndex(), { kind: 'model' })), ['@faceforge/plugin-original', 'faceforge-plugin-villain']);
  // the encoder's fingerprint finds the encoder and the decoders trained with it, and no plugins
  assert.deepEqual(names(searchIndex(fixtureIndex(), { fingerprint: FINGERPRINT_A.slice(0, 16) })), ['alice-decoder', 'seasoned-encoder']);
  assert.deepEqual(names(searchIndex(fixtureIndex(), { fingerprint: FINGERPRINT_B })), ['alice-decoder']);
});
