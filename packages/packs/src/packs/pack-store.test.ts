import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PackStore } from './pack-store.js';
import { buildPack } from './build-pack.js';
import { PackError } from '../util/errors.js';
import { parsePackSpec } from './pack-spec.js';
import { fixtureDescription, fixtureWeights, rawTarGz } from './pack.fixture.js';
import { readPack } from './inspect-pack.js';

const pack = (version: string, scale = 1) => buildPack(fixtureDescription({ version }), fixtureWeights(scale));

/** Every path and size under a folder, to show that a refused add left it exactly as it was. */
async function tree(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        out.push(`${relative(root, path)}/`);
        await walk(path);
      } else out.push(`${relative(root, path)} ${(await stat(path)).size}`);
    }
  };
  await walk(root);
  return out.sort();
}

async function freshStore() {
  return new PackStore(await mkdtemp(join(tmpdir(), 'ff-store-')));
}

test('add lays out packs/<kind>/<name>/<version>/ with the archive; list and resolve by semver range', async () => {
  const store = await freshStore();
  for (const version of ['1.0.0', '1.2.0', '1.10.1', '2.0.0', '2.1.0-beta.1']) {
    const added = await store.add(pack(version).archive, { source: `v${version}.tgz` });
    assert.equal(added.added, true);
  }
  const first = await store.resolve('encoder', 'test-encoder@1.0.0');
  assert.equal(first.dir, join(store.root, 'encoder', 'test-encoder', '1.0.0'));
  assert.deepEqual((await readdir(first.dir)).sort(), ['README.md', 'encoder.weights', 'manifest.json', 'store.json', 'test-encoder-1.0.0.tgz']);
  assert.ok((await readFile(first.archivePath)).equals(pack('1.0.0').archive));
  assert.equal(first.sha512, pack('1.0.0').sha512);
  assert.deepEqual(await store.readWeights(first), fixtureWeights());

  const resolved = async (spec: string) => (await store.resolve('encoder', spec)).version;
  assert.equal(await resolved('test-encoder'), '2.0.0', 'no range: the newest release');
  assert.equal(await resolved('test-encoder@^1.0.0'), '1.10.1', 'semver order, not string order');
  assert.equal(await resolved('test-encoder@~1.2'), '1.2.0');
  assert.equal(await resolved('test-encoder@1'), '1.10.1');
  assert.equal(await resolved('test-encoder@>=2.1.0-0'), '2.1.0-beta.1');
  await assert.rejects(store.resolve('encoder', 'test-encoder@^3'), /no encoder pack test-encoder@\^3 in .*: stored versions are 1\.0\.0, 1\.2\.0, 1\.10\.1, 2\.0\.0, 2\.1\.0-beta\.1$/);
  await assert.rejects(store.resolve('decoder', 'test-encoder'), /none stored/);
  assert.deepEqual((await store.list()).map((p) => p.version), ['1.0.0', '1.2.0', '1.10.1', '2.0.0', '2.1.0-beta.1']);

  // yanked versions are skipped by ranges but still reachable by their exact version
  await store.setYanked('encoder', 'test-encoder', '1.10.1', true);
  assert.equal(await resolved('test-encoder@^1.0.0'), '1.2.0');
  assert.equal(await resolved('test-encoder@1.10.1'), '1.10.1');
  await assert.rejects(store.resolve('encoder', 'test-encoder@~1.10'), /stored versions are .*1\.10\.1 \(yanked\)/);
});

test('versions are immutable: the same archive again is a no-op, different contents are refused', async () => {
  const store = await freshStore();
  await store.add(pack('1.0.0').archive, { source: 'a.tgz' });
  const before = await tree(store.root);
  assert.equal((await store.add(pack('1.0.0').archive, { source: 'again.tgz' })).added, false);
  await assert.rejects(store.add(pack('1.0.0', 2).archive, { source: 'other.tgz' }), /other\.tgz: encoder test-encoder@1\.0\.0 is already in the store with different contents .*versions never change/);
  assert.deepEqual(await tree(store.root), before);
  // two processes adding one version at once: one adds it, the other finds it there
  const racing = await Promise.all([store.add(pack('2.0.0').archive, { source: 'p1' }), store.add(pack('2.0.0').archive, { source: 'p2' })]);
  assert.deepEqual(racing.map((r) => r.added).sort(), [false, true]);
  assert.deepEqual((await store.list()).map((p) => p.version), ['1.0.0', '2.0.0']);
  assert.deepEqual(await readdir(join(store.root, '.tmp')), [], 'no temp folders left');
});

test('a refused archive leaves the store exactly as it was', async () => {
  const store = await freshStore();
  await store.add(pack('1.0.0').archive, { source: 'a.tgz' });
  const before = await tree(store.root);
  const good = [...(await readPack(pack('1.1.0').archive, { source: 'x' })).files].map(([path, data]) => ({ path, data }));
  const tampered = Buffer.from(pack('1.1.0').archive);
  tampered[tampered.length >> 1]! ^= 0xff;
  const bad: Array<[string, Buffer, object]> = [
    ['tampered', tampered, {}],
    ['truncated', pack('1.1.0').archive.subarray(0, 300), {}],
    ['traversal', rawTarGz([...good, { path: '../../x', data: 'boom' }]), {}],
    ['absolute', rawTarGz([...good, { path: '/tmp/ff-evil', data: 'boom' }]), {}],
    ['symlink', rawTarGz([...good, { path: 'link', type: 'SymbolicLink', linkpath: '/etc/passwd' }]), {}],
    ['oversized', pack('1.1.0').archive, { maxEntryBytes: 5000 }],
    ['unlisted', rawTarGz([...good, { path: 'run.sh', data: 'rm -rf ~' }]), {}],
    ['wrong sha512', pack('1.1.0').archive, { expectedSha512: pack('1.0.0').sha512 }],
    ['second gzip member', Buffer.concat([pack('1.1.0').archive, pack('1.2.0').archive]), {}],
  ];
  for (const [label, archive, options] of bad) {
    await assert.rejects(store.add(archive, { source: `${label}.tgz`, ...options }), (e: unknown) => e instanceof PackError && e.message.startsWith(`${label}.tgz: `), label);
    assert.deepEqual(await tree(store.root), before, `${label}: store unchanged`);
  }
});

test('an archive file is added as a stream, its copy kept byte for byte; a refused file adds nothing', async () => {
  const store = await freshStore();
  const dir = await mkdtemp(join(tmpdir(), 'ff-archive-file-'));
  const built = pack('3.0.0');
  const file = join(dir, 'p.tgz');
  await writeFile(file, built.archive);
  const added = await store.add({ path: file }, { source: file, expectedSha512: built.sha512 });
  assert.equal(added.added, true);
  assert.equal(added.sha512, built.sha512);
  assert.deepEqual(await readFile(added.archivePath), built.archive);
  assert.deepEqual(await readFile(added.weightsPath), fixtureWeights());
  const before = await tree(store.root);
  const bomb = join(dir, 'bomb.tgz');
  await writeFile(bomb, rawTarGz([{ path: 'encoder.weights', size: 3 * 1024 ** 3 }]));
  await assert.rejects(store.add({ path: bomb }, { source: bomb }), /bomb\.tgz: entry 'encoder\.weights' is 3221225472 bytes, over the limit/);
  await assert.rejects(store.add({ path: join(dir, 'missing.tgz') }, { source: 'missing.tgz' }), /ENOENT/);
  assert.deepEqual(await tree(store.root), before);
});

test('a store file changed after adding is caught when the weights are read', async () => {
  const store = await freshStore();
  const stored = await store.add(pack('1.0.0').archive, { source: 'a.tgz' });
  const data = await readFile(stored.weightsPath);
  data[data.length - 1]! ^= 1;
  await writeFile(stored.weightsPath, data);
  await assert.rejects(store.readWeights(stored), /encoder\.weights: does not match the sha256 in its manifest/);
});

test('remove takes one version or all of them', async () => {
  const store = await freshStore();
  for (const v of ['1.0.0', '1.1.0', '1.2.0']) await store.add(pack(v).archive, { source: 'x' });
  assert.deepEqual(await store.remove('encoder', 'test-encoder', '1.1.0'), ['1.1.0']);
  assert.deepEqual((await store.list('encoder')).map((p) => p.version), ['1.0.0', '1.2.0']);
  assert.deepEqual(await store.remove('encoder', 'test-encoder'), ['1.0.0', '1.2.0']);
  assert.deepEqual(await store.list(), []);
  assert.deepEqual(await readdir(join(store.root, 'encoder')), []);
  await assert.rejects(store.remove('encoder', 'test-encoder'), /no encoder pack test-encoder in/);
});

test('NAME@RANGE parsing', () => {
  assert.deepEqual(parsePackSpec('faces'), { name: 'faces', range: undefined });
  assert.deepEqual(parsePackSpec('my.enc_2-x@^1.2'), { name: 'my.enc_2-x', range: '^1.2' });
  assert.deepEqual(parsePackSpec('x@'), { name: 'x', range: undefined });
  assert.throws(() => parsePackSpec('Upper@1'), /a pack is NAME or NAME@RANGE/);
  assert.throws(() => parsePackSpec('../x'), /a pack is NAME/);
  assert.throws(() => parsePackSpec('x@banana'), /'banana' is not a semver range/);
});
