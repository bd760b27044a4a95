import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { resolveVersion } from './resolve-version.js';
import { fixtureIndex } from './test-index.fixture.js';

function recording(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, warn: (m) => warnings.push(m) };
}

test('a range resolves to the highest version that satisfies it and is not yanked', () => {
  const index = fixtureIndex();
  assert.equal(resolveVersion(index, 'seasoned-encoder', '^1.0.0', 'r').version, '1.2.0'); // 1.3.0 is yanked
  assert.equal(resolveVersion(index, 'seasoned-encoder', undefined, 'r').version, '1.2.0'); // prereleases only when asked for
  assert.equal(resolveVersion(index, 'seasoned-encoder', 'latest', 'r').version, '1.2.0');
  assert.equal(resolveVersion(index, 'seasoned-encoder', '~1.0', 'r').version, '1.0.0');
  assert.equal(resolveVersion(index, 'seasoned-encoder', '>=2.0.0-beta.0', 'r').version, '2.0.0-beta.1');
  assert.equal(resolveVersion(index, 'seasoned-encoder', '1.2.0', 'r').entry.path, 'packs/seasoned-encoder/seasoned-encoder-1.2.0.tar.gz');
});

test('a yanked version resolves only when named exactly, with a warning', () => {
  const logger = recording();
  const resolved = resolveVersion(fixtureIndex(), 'seasoned-encoder', '1.3.0', 'r', logger);
  assert.equal(resolved.version, '1.3.0');
  assert.match(logger.warnings.join('\n'), /seasoned-encoder@1\.3\.0 is yanked/);
  assert.throws(() => resolveVersion(fixtureIndex(), 'withdrawn', '^1', 'r'), /no version of "withdrawn" satisfies "\^1" \(available: none; yanked \(ask for them exactly\): 1\.0\.0\)/);
});

test('a deprecated version resolves with its message as a warning', () => {
  const logger = recording();
  assert.equal(resolveVersion(fixtureIndex(), 'seasoned-encoder', '~1.1.0', 'r', logger).version, '1.1.0');
  assert.deepEqual(logger.warnings, ['seasoned-encoder@1.1.0 is deprecated: use 1.2.0: 1.1.0 was trained on blurry faces']);
});

test('unknown packs, unsatisfiable and invalid ranges are RegistryErrors naming the index', () => {
  assert.throws(() => resolveVersion(fixtureIndex(), 'nope', '^1', 'https://r/index.json'), (e: unknown) => e instanceof RegistryError && e.status === 404 && /https:\/\/r\/index\.json: no pack named "nope"/.test(e.message));
  assert.throws(() => resolveVersion(fixtureIndex(), 'seasoned-encoder', '^3', 'r'), /no version of "seasoned-encoder" satisfies "\^3" \(available: 2\.0\.0-beta\.1, 1\.2\.0, 1\.1\.0, 1\.0\.0\)/);
  assert.throws(() => resolveVersion(fixtureIndex(), 'seasoned-encoder', '9.9.9', 'r'), /satisfies "9\.9\.9"/);
  assert.throws(() => resolveVersion(fixtureIndex(), 'seasoned-encoder', 'banana', 'r'), /"banana" is not a version or semver range/);
});

test('with only prereleases, the newest prerelease is the latest', () => {
  const index = fixtureIndex();
  const pack = index.packs['seasoned-encoder']!;
  for (const v of ['1.0.0', '1.1.0', '1.2.0']) delete pack.versions[v];
  assert.equal(resolveVersion(index, 'seasoned-encoder', undefined, 'r').version, '2.0.0-beta.1');
});
