import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryError } from '../util/errors.js';
import { emptyIndex, installableVersions, packArchivePath, parseRegistryIndex } from './index-format.js';
import { fixtureIndex } from './test-index.fixture.js';

test('an index survives JSON and parsing unchanged', () => {
  const index = fixtureIndex();
  assert.deepEqual(parseRegistryIndex(JSON.stringify(index), 'index.json'), index);
  assert.deepEqual(parseRegistryIndex(JSON.stringify(emptyIndex()), 'index.json').packs, {});
});

test('archive paths follow packs/<name>/<name>-<version>.tar.gz', () => {
  assert.equal(packArchivePath('seasoned-encoder', '1.2.0'), 'packs/seasoned-encoder/seasoned-encoder-1.2.0.tar.gz');
});

test('a bad index is a RegistryError that names the source and the problem', () => {
  const cases: Array<[unknown, RegExp]> = [
    ['{not json', /https:\/\/r\/index\.json: not a faceforge registry index: invalid JSON/],
    [{ ...fixtureIndex(), apiVersion: 2 }, /apiVersion 2 is not supported \(this faceforge reads apiVersion 1\)/],
    [{ apiVersion: 1, packs: [] }, /"packs" must be an object/],
  ];
  for (const [data, message] of cases) {
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    assert.throws(() => parseRegistryIndex(text, 'https://r/index.json'), (e: unknown) => e instanceof RegistryError && message.test(e.message));
  }
});

test('an index cannot point a download outside the layout', () => {
  const index = fixtureIndex();
  index.packs['alice-decoder']!.versions['0.1.0']!.path = '../../etc/passwd';
  assert.throws(() => parseRegistryIndex(JSON.stringify(index), 'i'), /path must be packs\/alice-decoder\/alice-decoder-0\.1\.0\.tar\.gz/);
  const named = fixtureIndex() as unknown as { packs: Record<string, unknown> };
  named.packs['../evil'] = named.packs['alice-decoder'];
  assert.throws(() => parseRegistryIndex(JSON.stringify(named), 'i'), /pack name "\.\.\/evil" is not allowed/);
});

test('installable versions leave out yanked ones, newest first', () => {
  assert.deepEqual(installableVersions(fixtureIndex().packs['seasoned-encoder']!), ['2.0.0-beta.1', '1.2.0', '1.1.0', '1.0.0']);
});
