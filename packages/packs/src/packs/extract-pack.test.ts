import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPack } from './build-pack.js';
import { extractPack } from './extract-pack.js';
import { PackError } from '../util/errors.js';
import { fixtureDescription, fixtureWeights, rawTarGz } from './pack.fixture.js';
import { readPack } from './inspect-pack.js';

test('extraction writes exactly the verified files, plus extras, into a folder that appears whole', async () => {
  const root = await mkdtemp(join(tmpdir(), 'ff-extract-'));
  const { archive } = buildPack(fixtureDescription(), fixtureWeights());
  const into = join(root, 'encoder', 'test-encoder', '1.0.0');
  const pack = await extractPack(archive, { source: 'a.tgz', into, tempRoot: join(root, '.tmp'), extraFiles: { 'store.json': '{}' } });
  assert.deepEqual((await readdir(into)).sort(), ['README.md', 'encoder.weights', 'manifest.json', 'store.json']);
  assert.deepEqual(await readFile(join(into, 'encoder.weights')), fixtureWeights());
  assert.equal(pack.manifest.name, 'test-encoder');
  assert.deepEqual(await readdir(join(root, '.tmp')), [], 'temp folder renamed away');
  // an existing target is never written into
  await assert.rejects(extractPack(archive, { source: 'a.tgz', into, tempRoot: join(root, '.tmp') }), /a\.tgz: .*1\.0\.0 already exists/);
  // an extra file may not shadow a pack file
  await assert.rejects(extractPack(archive, { source: 'b.tgz', into: join(root, 'other'), tempRoot: join(root, '.tmp'), extraFiles: { 'README.md': 'x' } }), (e: unknown) => e instanceof PackError && /a name the store uses/.test(e.message));
  assert.deepEqual(await readdir(join(root, '.tmp')), [], 'a failed extraction leaves no temp folder');
  await assert.rejects(readdir(join(root, 'other')), 'nor a target');
});

test('a refused archive creates nothing at all, not even the temp root', async () => {
  const root = await mkdtemp(join(tmpdir(), 'ff-extract-'));
  const good = [...(await readPack(buildPack(fixtureDescription(), fixtureWeights()).archive, { source: 'x' })).files].map(([path, data]) => ({ path, data }));
  await mkdir(join(root, 'store'));
  await assert.rejects(extractPack(rawTarGz([...good, { path: '../../escape', data: 'x' }]), { source: 'evil.tgz', into: join(root, 'store', 'p'), tempRoot: join(root, 'store', '.tmp') }), /climbs out/);
  assert.deepEqual(await readdir(root), ['store']);
  assert.deepEqual(await readdir(join(root, 'store')), []);
});
